/** Requests the raw-HTTP fuzzer found disagreements on, by server variant, byte for byte (see raw-http.ts). */

export const RAW_HTTP_FOUND_SEEDS = "20261123, 7, 99, 2, 3, 4";

export const RAW_HTTP_FOUND: Record<string, string[]> = {
  "default": [
    "PUT /d/../a.txt?%C3%A9?/%20 HTTP/1.1\r\nHost: localhost:@PORT0@\r\nAccept: gaEGEQeo\r\n\r\n",
    "COPY /i/ HTTP/1.1\r\nHost: xn--bcher-kva.example:80\r\nReferer: p\u0080gaQ\r\nAccept: r AIzhzbA\r\n\r\n",
    "get /~?? HTTP/1.1\r\nHost: localhost:@PORT0@\r\nX-q:/o-J2\r\nReferer: Um=4ss5\r\nContent-Length: 3\r\n\r\nxxx",
    "M-SEARCH /nope HTTP/1.0\r\nHost: localhost:@PORT0@\r\nX-#~%W8Nx:\tx6\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    "yV872y / HTTP/1.1\r\nHost: localhost:@PORT0@\r\n\r\n",
    "4^.F1Mpx /??/N HTTP/1.1\r\nHost: localhost:@PORT0@\r\nX-*4: \r\nX-clz:\tC;l.XV\r\nX-~uvSms:\r\nContent-Length: 3\r\n\r\nxxx",
    "qk-*ugpu //.%20n~/(_ HTTP/1.0\r\nAccept: mxv;11o\r\nHost: xn--bcher-kva.example:80\r\n\r\n",
    "PATCH https:/::1:65536/:6 HTTP/1.1\r\nHost: localhost:@PORT0@\r\n\r\n",
    "POST /app HTTP/1.0\r\nX-Empty:\r\nHost: LOCALHOST\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    "TRACE /i HTTP/1.1\r\nHost: localhost:@PORT0@\r\nUser-Agent: 9=8;sg\r\n\r\n",
    "TRACE /=5 HTTP/1.1\r\nHost: localhost:@PORT0@\r\nX-Forwarded-For: KMV\"\r\nX-a:4Kc15u \r\nX-A:j ,t\r\nContent-Length: 4\r\n\r\nxxxx",
    `GET /${"a".repeat(9000)} HTTP/1.1`,
    `GET / HTTP/1.1\r\nHost: localhost:@PORT0@\r\nX-A: ${"v".repeat(9000)}`,
  ],
  "unsafe": [
    "QUERY /0%20N/ HTTP/1.1\r\nX-!mq9.: \t 64n9_xv9O;\r\nX-UzMa(W:dJ,t9  \r\nX-tLw!9~:4eRtR4W\r\nHost: localhost:@PORT0@\r\n\r\n",
    "head /d/ http/1.1\r\nX-1aCLg-e:  \u0001e\r\nHost: localhost:@PORT0@\r\nContent-Length: 0\r\n\r\n",
    "\r\n\r\n\r\n\r\n\r\nhead //a.txt HTTP/1.1\r\nHost: localhost:@PORT0@\r\n\r\n",
    "PUT http://@[::1]:007 HTTP/1.1\r\nX-rSG6: ZvGYI \r\nHost: [0:0:0:0:0:0:0:1]:0\r\n\r\n",
    "7 /OQ/!s HTTP/1.0\r\nConnection: 8 C\r\nExpect: 100-Continue\r\nAccept: ;Y\r\nContent-Length: 2\r\n\r\nxx",
    "\r\n\r\n` http://@[::1]:80 HTTP/1.1\r\nHost: ::1:@PORT0@\r\nUser-Agent: l9\r\n\r\n",
    "COPY /$/u/ZeK HTTP/1.0\r\nX-5eSu6l:qcpC6yUi6 \t \r\nReferer: ,YV1xmw\r\nHost: localhost:@PORT0@\r\n\r\n",
    "HEAD /app HTTP/1.1\r\nX-GN:sItZiwq\r\nX-p7in:g00/X,ht\r\nHost: localhost:@PORT0@\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n",
    "HEAD /d HTTP/1.1\r\nX-a:iz;MJ_V\r\nHost: .:@PORT0@\r\n\r\n",
    "ty /app??/ HTTP/1.1\r\nHost: 127.0.0.1:@PORT0@\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
  ],
  "registered-require10": [
    "BASELINE-CONTROL /d/../a.txt HTTP/1.0\r\nHost: Other.Example:@PORT0@\r\n\r\n",
    "BASELINE-CONTROL /d HTTP/1.1\r\nHost: other.example.:@PORT0@\r\n\r\n",
    "PATCH /w/G%20/i0s HTTP/1.1\r\nHost: localhost:@PORT0@\r\nX-U:\t34w3Otcd\r\n\r\n",
    "PROPFIND / HTTP/1.0\r\nConnection: A=qa9 DE8\r\nHost: localhost:@PORT0@\r\nContent-Length: 3\r\n\r\nxxx",
    "POST /d?M/??\u00a0 HTTP/1.0\r\nAccept: =zyweh\r\nX-A:  ZQ\"N3If7\r\nCookie: 2TFxEbs\r\nHost: localhost:@PORT0@\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
  ],
  "small-limits": [
    "PROPFIND Http://::1:@PORT0@ HTTP/1.1\r\nHost: [::ffff:127.0.0.1]:65536\r\n\r\n",
    "KxN9UJ /./a.txt HTTP/1.0\r\nHost: localhost:@PORT0@\r\n\r\n",
    "8. //a.txt?/\u00a0.// HTTP/1.1\r\nHost: localhost:@PORT0@\r\nContent-Length: 0\r\n\r\n",
    "QUERY //=.UN/V7q HTTP/1.1\r\nHost: localhost:@PORT0@\r\nX-o`epzk5X:\tu0akm\r\n\r\n",
    "C /a.txt HTTP/1.0\r\nHost: localhost:@PORT0@\r\n\r\n",
    "TRACE /d HTTP/1.0\r\nHost: a_b.example:80\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    "COPY /d?\u00a0 HTTP/1.0\r\nHost: localhost:@PORT0@\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n",
  ],
  "unsafe-small": [
    "TRACE /a.txt HTTP/1.0\r\nHost: localhost:@PORT0@\r\nX-Empty:\r\n\r\n",
    "VERSION-CONTROL /VD/b6N/.;YH= HTTP/1.0\r\nHost: other.example.:@PORT0@\r\nX\u0001Y: BdMcYjSILu\r\nX-Forwarded-For: -Z\r\nX-3^4:gEpW7G\r\n\r\n",
    "PUT /A.TXT HTTP/1.0\r\nHost: other.example.:+1\r\nX-OMcK28+%:ORUAnnMj8\r\n\r\n",
    "PRI /d HTTP/1.1\r\nReferer: cj,,VGqg\r\nHost: other.example.:@PORT0@\r\n\r\n",
    "TRACE /app HTTP/1.0\r\nX-KvFi.1:R \r\nHost: LOCALHOST:80\r\n\r\n",
    "PUT /a.txt HTTP/1.1\r\nHost: LOCALHOST:80\r\nExpect: 100-continue\r\nX-A: \t N,-5hZO5Eu\r\nContent-Length: 2\r\n\r\nxx",
    "HEAD /i/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa HTTP/1.0",
    // Seed 7: a repeated field merged under the first one's spelling (apr_table keeps its key), seen in TRACE's echo.
    "TRACE //a.txt HTTP/1.0\r\nHost: localhost:@PORT0@\r\nX-a:LUglnk,Muu  \r\nX-Ws:   \r\nX-A:,W-\r\n\r\n",
  ],
};
