-- POSTs prediction requests for wrk: one book by its feature columns (default), or a batch of
-- book ids. Usage: wrk ... -s scripts/wrk/predict.lua URL -- [single|ids N BOOKS]
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

function init(args)
  local kind = args[1] or "single"
  if kind == "ids" then
    local n, books = tonumber(args[2] or "1000"), tonumber(args[3] or "1000")
    local ids = {}
    for i = 1, n do
      ids[i] = string.format('{"id": "%d"}', ((i - 1) % books) + 1)
    end
    wrk.body = '{"books": [' .. table.concat(ids, ",") .. ']}'
  else
    wrk.body = '{"price_excl_tax": 45.17, "review_count": 3, "stock_count": 19, "in_stock": true, '
      .. '"description_length": 740, "title_word_count": 3, "days_since_first_seen": 12, "category": "Travel"}'
  end
end
