/** Subjects every corpus pattern is tried against: real request data plus trap bytes. */
export const SHARED_SUBJECTS: string[] = [
  "", "/", "/index.php", "index.php", "wp-admin", "blog/wp-admin", "blog/wp-content/themes/x/style.css",
  "wp-includes/js/a.php", "/foo/bar", "foo/bar/", "/foo/bar.html", "core/install.php", "api/rest", "api/v1/",
  "version123/frontend/a.js", "img/logo.123.png", "style.css", ".htaccess", "/.git/config",
  ".well-known/acme-challenge/x", ".well-known/carddav", "post-sitemap2.xml", "www.example.com", "WWW.Example.COM",
  "example.com", "on", "off", "gzip, deflate, br", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36",
  "Mozilla/4.0 (compatible; MSIE 6.0)", "Mozilla/5.0 (iPhone; CPU iPhone OS 16_0) Mobile", "curl/8.0", "id=42",
  "a=1&page=3&b=2", "utm_source=x&q=1", "GET /index.php?x=1 HTTP/1.1", "GET /foo.php HTTP/1.1", "192.168.1.10",
  "/~alice/app", "/home/alice/public_html", "comment_author_x=1; wordpress_logged_in_abc=2", "lang=de; x=1",
  "de-DE,de;q=0.9,en;q=0.8", "<script>alert(1)</script>", "%3Cscript%3E", "base64_encode(x)", "GLOBALS[x]",
  "../../etc/passwd", "TRACE", "/static/css/a.css", "/admin/", "/index.php/foo", "/app/::/app/",
  "/sub/dir/x.php::x.php", "abc", "abc\n", "ABC", "aBc\r", "a\nb", "a\rb", "\n", "\r\n", "\x0b", "\x85", "\xa0", "\x0c",
  "\xe9", "\xc9", "caf\xe9", "CAF\xc9", "\xb5", "\xff", "\xdf", "\x80\xff", "a b", "a\tb", "12345", "\x00a", "k", "K", "s",
  "S", "\xc3\xa9", "x".repeat(300), "a".repeat(30) + "b", "aaaaaaaaaaaa", "ab", "ba", "aab", "abab", "a-b", "]", "[]",
  "\\", "a.b", "a{,3}", "a{1,2", "xy", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxy", "gzip,gzip,gzip,gzip,gzip,gzip,gzip,gzip,gzip,x",
];
