/**
 * Canned non-JSON bodies the SIPP simulator serves: Laravel error pages, nginx gateway
 * pages, a login page and a WAF block page. Plain strings, no templating.
 */
import { STATUS_CODES } from "node:http";

const laravelErrorPage = (code: number, message: string) => `<!DOCTYPE html>
<html lang="en">
    <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>${message}</title>
        <style>body{font-family:ui-sans-serif,system-ui,sans-serif;background:#f7fafc;color:#a0aec0}</style>
    </head>
    <body class="antialiased">
        <div class="relative flex items-top justify-center min-h-screen">
            <div class="max-w-xl mx-auto sm:px-6 lg:px-8">
                <div class="flex items-center pt-8 sm:justify-start sm:pt-0">
                    <div class="px-4 text-lg text-gray-500 border-r border-gray-400 tracking-wider">${code}</div>
                    <div class="ml-4 text-lg text-gray-500 uppercase tracking-wider">${message}</div>
                </div>
            </div>
        </div>
    </body>
</html>
`;

const nginxPage = (code: number, text: string) =>
  `<html>\r\n<head><title>${code} ${text}</title></head>\r\n<body>\r\n<center><h1>${code} ${text}</h1></center>\r\n<hr><center>nginx/1.18.0 (Ubuntu)</center>\r\n</body>\r\n</html>\r\n`;

/** HTML body for a 5xx (or any non-JSON) error status. */
export function htmlErrorPage(status: number): string {
  if (status === 502 || status === 504) return nginxPage(status, STATUS_CODES[status] ?? "Error");
  if (status === 503) return laravelErrorPage(503, "Service Unavailable");
  if (status === 500) return laravelErrorPage(500, "Server Error");
  if (status === 404) return laravelErrorPage(404, "Not Found");
  if (status === 403) return laravelErrorPage(403, "Forbidden");
  return laravelErrorPage(status, STATUS_CODES[status] ?? "Error");
}

/** Laravel-ish JSON message for a 4xx status. */
export function jsonErrorMessage(status: number): string {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthenticated.";
    case 403:
      return "This action is unauthorized.";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 419:
      return "CSRF token mismatch.";
    case 422:
      return "The given data was invalid.";
    case 429:
      return "Too Many Attempts.";
    default:
      return STATUS_CODES[status] ?? "Error";
  }
}

export const LOGIN_PAGE = `<!DOCTYPE html>
<html lang="id">
<head>
    <meta charset="utf-8">
    <title>Login | SIPP - Sistem Informasi Percepatan Prioritas Pembangunan</title>
    <meta name="csrf-token" content="hV3s0mEfAkEt0kEnF0rT3sTs0nLy1234567890ab">
</head>
<body class="login-page">
    <div class="login-box">
        <div class="login-logo"><b>SIPP</b> Kabupaten Pasuruan</div>
        <form method="POST" action="/login">
            <input type="hidden" name="_token" value="hV3s0mEfAkEt0kEnF0rT3sTs0nLy1234567890ab">
            <input type="email" name="email" placeholder="Email">
            <input type="password" name="password" placeholder="Password">
            <button type="submit">Masuk</button>
        </form>
    </div>
</body>
</html>
`;

export const WAF_PAGE = `<!DOCTYPE html>
<html>
<head><title>Request Rejected</title></head>
<body>
<h1>Request Rejected</h1>
<p>The requested URL was rejected. Please consult with your administrator.</p>
<p>Your support ID is: 7349128873465120934</p>
</body>
</html>
`;

export const redirectPage = (url: string) => `<!DOCTYPE html>
<html>
    <head>
        <meta charset="UTF-8" />
        <meta http-equiv="refresh" content="0;url='${url}'" />

        <title>Redirecting to ${url}</title>
    </head>
    <body>
        Redirecting to <a href="${url}">${url}</a>.
    </body>
</html>`;
