-- wrk script: each request picks one of a route's paths at random, so the server cannot answer
-- every request from one cached entry. Usage: wrk -s random-path.lua URL -- KIND N
-- KIND: book (/books/{1..N}), page (/books?page={1..N}), search, recs (/ml/recommendations/{1..N})
local kind, n = "book", 1000
local searches = {
  "/api/v1/books/search?title=light",
  "/api/v1/books/search?category=Poetry&min_rating=4",
  "/api/v1/books/search?min_price=20&max_price=30&in_stock=true",
  "/api/v1/books/search?title=the&sort=-price&page=2",
  "/api/v1/books/search?category=Historical%20Fiction&sort=title",
}

function init(args)
  kind = args[1] or kind
  n = tonumber(args[2] or n)
  math.randomseed(os.time() + (wrk.thread and 0 or 0))
end

request = function()
  local path
  if kind == "book" then
    path = "/api/v1/books/" .. math.random(1, n)
  elseif kind == "page" then
    path = "/api/v1/books?page=" .. math.random(1, n)
  elseif kind == "recs" then
    path = "/api/v1/ml/recommendations/" .. math.random(1, n)
  else
    path = searches[math.random(1, #searches)]
  end
  return wrk.format("GET", path)
end
