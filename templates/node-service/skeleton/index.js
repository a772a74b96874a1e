const http = require('node:http');

const port = Number(process.env.PORT ?? 8080);

http
  .createServer((req, res) => {
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'ok' }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('Hello from ${{ values.name }}!\n');
  })
  .listen(port, () => {
    console.log(JSON.stringify({ level: 'info', message: 'listening', port }));
  });
