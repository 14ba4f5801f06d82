// GET /api/docs — the OpenAPI document rendered by Swagger UI (the swagger-ui-dist package, served
// from this server by api.docs.$asset.ts: no CDN). The page loads /api/v1/openapi.json.
const PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>中介服务网上超市 API 文档</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css">
</head>
<body>
<noscript>本页需要 JavaScript 渲染接口文档；也可直接下载 <a href="/api/v1/openapi.json">OpenAPI 3.1 文档（JSON）</a>。</noscript>
<div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body>
</html>
`

export async function loader() {
  return new Response(PAGE, { headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' } })
}
