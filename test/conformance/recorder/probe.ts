/**
 * The WSGI probe application written wherever a case says "@PROBE@". It answers with JSON of
 * what mod_wsgi decided for the request (application and process group, the script that ran)
 * and the environ fields case-format.md lists, with `env` filtered exactly as that spec says:
 * every upper-case variable that is not HTTP_* and not a standard CGI/Apache variable, plus every
 * REDIRECT_* variable.
 *
 * The first line is the marker the shared conformance tools use to recognise the probe when
 * Apache serves it as a plain file. The report also travels in the response header
 * PROBE_HEADER, so that a HEAD request (whose body Apache drops) still shows what ran.
 */

/** The response header carrying the probe's report (ASCII JSON), for HEAD requests. */
export const PROBE_HEADER = "X-Htrewrite-Probe";
export const PROBE_SOURCE = `# oracle probe WSGI application (htrewrite recorder): reports what mod_wsgi decided.
import json

# Standard CGI/Apache variables, left out of "env" (spec/case-format.md).
STANDARD = set("""GATEWAY_INTERFACE SERVER_PROTOCOL SERVER_SOFTWARE SERVER_NAME SERVER_ADDR
SERVER_PORT SERVER_ADMIN SERVER_SIGNATURE REMOTE_ADDR REMOTE_PORT REMOTE_HOST REMOTE_USER
REMOTE_IDENT AUTH_TYPE CONTENT_TYPE CONTENT_LENGTH DOCUMENT_ROOT SCRIPT_FILENAME SCRIPT_NAME
PATH_INFO PATH_TRANSLATED QUERY_STRING REQUEST_METHOD REQUEST_URI REQUEST_SCHEME CONTEXT_PREFIX
CONTEXT_DOCUMENT_ROOT PATH LD_LIBRARY_PATH SCRIPT_URL SCRIPT_URI""".split())

# Environ fields reported as they are, when present.
SHOWN = ("CONTEXT_DOCUMENT_ROOT", "CONTEXT_PREFIX", "DOCUMENT_ROOT", "HTTP_HOST", "PATH_INFO",
         "PATH_TRANSLATED", "QUERY_STRING", "REQUEST_METHOD", "REQUEST_URI", "SCRIPT_FILENAME",
         "SCRIPT_NAME", "SCRIPT_URI", "SCRIPT_URL", "SERVER_NAME", "SERVER_PORT")

MOD_WSGI = ("callable_object", "handler_script", "listener_host", "listener_port",
            "request_handler", "script_reloading", "version")


def in_env(name):
    if name.startswith("REDIRECT_"):
        return True
    return name == name.upper() and not name.startswith("HTTP_") and name not in STANDARD


def application(environ, start_response):
    report = {k: environ[k] for k in SHOWN if k in environ}
    report["application_group"] = environ.get("mod_wsgi.application_group")
    report["process_group"] = environ.get("mod_wsgi.process_group")
    report["probe_file"] = __file__
    report["env"] = {k: v for k, v in environ.items() if isinstance(v, str) and in_env(k)}
    report["mod_wsgi"] = {k: str(environ.get("mod_wsgi." + k)) for k in MOD_WSGI}
    body = json.dumps(report, sort_keys=True).encode("ascii")
    start_response("200 OK", [("Content-Type", "application/json"),
                              ("Content-Length", str(len(body))),
                              ("X-Htrewrite-Probe", body.decode("ascii"))])
    return [body]


# A second callable, for WSGICallableObject cases (wsgi.md #61).
alt = application
`;
