/**
 * The bodies Apache's core sends for its own responses (ap_send_error_response), as measured on
 * Apache 2.4.71 (Debian) with ServerSignature Off: an HTML 4.01 page titled "<status> <reason>",
 * the reason as <h1>, and a status-specific paragraph. Redirects name the escaped Location.
 * Served as "text/html; charset=iso-8859-1"; a HEAD answer has the headers and no body.
 */

/** Reason phrases Apache sends (http_protocol.c status lines), for the statuses rules produce. */
const REASONS: Record<number, string> = {
  300: "Multiple Choices",
  301: "Moved Permanently",
  302: "Found",
  303: "See Other",
  305: "Use Proxy",
  307: "Temporary Redirect",
  308: "Permanent Redirect",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  408: "Request Timeout",
  410: "Gone",
  413: "Request Entity Too Large",
  414: "Request-URI Too Long",
  429: "Too Many Requests",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

export function reasonPhrase(status: number): string {
  return REASONS[status] ?? (status < 400 ? "Redirect" : status < 500 ? "Client Error" : "Server Error");
}

/** ap_escape_html: the characters Apache escapes in the text it puts into error pages. */
function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&quot;"));
}

/** The status-specific paragraph(s), measured per status; `method` and `location` as Apache inserts them. */
function message(status: number, method: string, location: string | null, admin: string): string {
  const loc = escapeHtml(location ?? "");
  switch (status) {
    case 301:
    case 302:
    case 307:
    case 308:
      return `<p>The document has moved <a href="${loc}">here</a>.</p>\n`;
    case 303:
      return `<p>The answer to your request is located <a href="${loc}">here</a>.</p>\n`;
    case 400:
      return "<p>Your browser sent a request that this server could not understand.<br />\n</p>\n";
    case 401:
      return (
        "<p>This server could not verify that you\nare authorized to access the document\nrequested.  Either you supplied the wrong\n" +
        "credentials (e.g., bad password), or your\nbrowser doesn't understand how to supply\nthe credentials required.</p>\n"
      );
    case 403:
      return "<p>You don't have permission to access this resource.</p>\n";
    case 404:
      return "<p>The requested URL was not found on this server.</p>\n";
    case 405:
      return `<p>The requested method ${escapeHtml(method)} is not allowed for this URL.</p>\n`;
    case 410:
      return (
        "<p>The requested resource is no longer available on this server and there is no forwarding address.\n" +
        "Please remove all references to this resource.</p>\n"
      );
    case 429:
      return "<p>The user has sent too many requests\nin a given amount of time.</p>\n";
    case 501:
      return `<p>${escapeHtml(method)} not supported for current URL.<br />\n</p>\n`;
    case 502:
      // This one text has CRLF line ends in Apache's answer (measured).
      return "<p>The proxy server received an invalid\r\nresponse from an upstream server.<br />\r\n</p>\n";
    case 503:
      return (
        "<p>The server is temporarily unable to service your\nrequest due to maintenance downtime or capacity\n" +
        "problems. Please try again later.</p>\n"
      );
    default:
      return (
        "<p>The server encountered an internal error or\nmisconfiguration and was unable to complete\nyour request.</p>\n" +
        `<p>Please contact the server administrator at \n ${escapeHtml(admin)} to inform them of the time this error occurred,\n` +
        " and the actions you performed just before this error.</p>\n<p>More information about this error may be available\nin the server error log.</p>\n"
      );
  }
}

/** The complete body of Apache's own response for `status`. */
export function errorBody(status: number, method: string, location: string | null, serverAdmin: string | null = null): string {
  const reason = reasonPhrase(status);
  return (
    '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN" "http://www.w3.org/TR/html4/strict.dtd">\n' +
    `<html><head>\n<title>${status} ${reason}</title>\n</head><body>\n<h1>${reason}</h1>\n` +
    message(status, method, location, serverAdmin ?? "[no address given]") +
    "</body></html>\n"
  );
}

/** Statuses after which Apache closes the connection (ap_status_drops_connection). */
export function dropsConnection(status: number): boolean {
  return status === 400 || status === 408 || status === 411 || status === 413 || status === 414 || status === 500 || status === 501 || status === 503;
}
