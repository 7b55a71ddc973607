// The API's own documentation: Swagger UI (vendored, see vendor/swagger-ui-dist) on the
// served schema. A file, not an inline script, so the site's CSP holds here too.
window.SwaggerUIBundle({ url: "openapi.json", dom_id: "#swagger-ui" });
