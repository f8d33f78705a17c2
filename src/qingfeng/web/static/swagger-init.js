// Starts the vendored Swagger UI on /docs; every "Try it out" request carries the CSRF token.
window.addEventListener("DOMContentLoaded", function () {
  var root = document.getElementById("swagger-ui");
  var token = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
  window.SwaggerUIBundle({
    url: root.getAttribute("data-openapi-url"),
    domNode: root,
    requestInterceptor: function (request) {
      request.headers["X-CSRF-Token"] = token;
      return request;
    },
  });
});
