// Swagger UI for the bookslake API, served from the swagger-ui WebJar (no CDN).
window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: "/api/v1/openapi",
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: "StandaloneLayout"
  });
};
