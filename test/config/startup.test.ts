/**
 * Start-up failures outside one directive, as `apache2 -t` (or, where -t says Syntax OK, a real
 * `apache2 -DFOREGROUND`) reports them. Every expected text below was measured with Apache
 * 2.4.71 on Debian 12 in the ServerRoot /tmp/htr-su, with the same file tree as the memory tree
 * here (logs/ present, nodir/ absent, v2.conf a file).
 */
import { describe, expect, it } from "vitest";
import { ConfigError, memoryFs, parseConfig, readEnvvars, startFailure } from "../../src/config/index.js";

const M = "/usr/lib/apache2/modules";
const ROOT = "/tmp/htr-su";
const fs = memoryFs({
  [`${ROOT}/logs/`]: null,
  [`${ROOT}/htdocs/`]: null,
  [`${ROOT}/v2.conf`]: "",
  [`${M}/mod_mpm_prefork.so`]: "",
  [`${M}/mod_mpm_worker.so`]: "",
  [`${M}/mod_rewrite.so`]: "",
});
const PREFORK = `LoadModule mpm_prefork_module ${M}/mod_mpm_prefork.so`;
const HEAD = [`ServerRoot ${ROOT}`, "ServerName localhost", `PidFile ${ROOT}/logs/pid`, "Listen 127.0.0.1:18601"];

interface Case { name: string; lines: string[]; apache: string }

/** `apache2 -t` refusals (file names as measured). */
const CHECK_CASES: Case[] = [
  { name: "no MPM (AH00534), before MPM directives are judged", lines: [...HEAD, `ErrorLog ${ROOT}/logs/e.log`],
    apache: "AH00534: apache2: Configuration error: No MPM loaded." },
  { name: "two MPMs", lines: [...HEAD, PREFORK, `LoadModule mpm_worker_module ${M}/mod_mpm_worker.so`, `ErrorLog ${ROOT}/logs/e.log`],
    apache: "AH00534: apache2: Configuration error: More than one MPM loaded." },
  { name: "LoadModule of a missing file", lines: [...HEAD, PREFORK, `LoadModule foo_module ${M}/mod_nothere.so`],
    apache: `apache2: Syntax error on line 6 of FILE: Cannot load ${M}/mod_nothere.so into server: ${M}/mod_nothere.so: cannot open shared object file: No such file or directory` },
  { name: "LoadModule of a missing file, relative to ServerRoot", lines: [...HEAD, PREFORK, "LoadModule foo_module modules/mod_nothere.so"],
    apache: `apache2: Syntax error on line 6 of FILE: Cannot load modules/mod_nothere.so into server: ${ROOT}/modules/mod_nothere.so: cannot open shared object file: No such file or directory` },
  { name: "LoadModule of a directory", lines: [...HEAD, PREFORK, `LoadModule rewrite_module ${M}`],
    apache: `apache2: Syntax error on line 6 of FILE: Cannot load ${M} into server: ${M}: cannot read file data: Is a directory` },
  { name: "LoadModule naming a module the file does not define", lines: [...HEAD, PREFORK, `LoadModule foo_module ${M}/mod_rewrite.so`],
    apache: `apache2: Syntax error on line 6 of FILE: Can't locate API module structure \`foo_module' in file ${M}/mod_rewrite.so: ${M}/mod_rewrite.so: undefined symbol: foo_module` },
  { name: "LoadModule of a built-in module", lines: [...HEAD, PREFORK, "LoadModule log_config_module x.so"],
    apache: "apache2: Syntax error on line 6 of FILE: module log_config_module is built-in and can't be loaded" },
  { name: "error log directory missing (AH02291)", lines: [...HEAD, PREFORK, `ErrorLog ${ROOT}/nodir/e.log`],
    apache: `(2)No such file or directory: AH02291: Cannot access directory '${ROOT}/nodir/' for main error log\nAH00014: Configuration check failed` },
  { name: "error log directory is a file", lines: [...HEAD, PREFORK, `ErrorLog ${ROOT}/v2.conf/e.log`],
    apache: `(20)Not a directory: AH02291: Cannot access directory '${ROOT}/v2.conf/' for main error log\nAH00014: Configuration check failed` },
  { name: "default error log (logs/error_log) below a ServerRoot without logs/", lines: ["ServerRoot /tmp/htr-su/htdocs", "ServerName localhost", PREFORK],
    apache: `(2)No such file or directory: AH02291: Cannot access directory '${ROOT}/htdocs/logs/' for main error log\nAH00014: Configuration check failed` },
  { name: "a virtual host's own error log; one inheriting the main one is not checked again",
    lines: [...HEAD, PREFORK, `ErrorLog ${ROOT}/nodir/e.log`, "<VirtualHost *:18601>", "</VirtualHost>", "<VirtualHost *:18601>", `ErrorLog ${ROOT}/nodir2/e.log`, "</VirtualHost>"],
    apache: `(2)No such file or directory: AH02291: Cannot access directory '${ROOT}/nodir/' for main error log\n` +
      `(2)No such file or directory: AH02291: Cannot access directory '${ROOT}/nodir2/' for error log of vhost defined at FILE:9\nAH00014: Configuration check failed` },
  { name: "CustomLog directories (AH02297), once per directive",
    lines: [...HEAD, PREFORK, `ErrorLog ${ROOT}/logs/e.log`, `CustomLog ${ROOT}/nodir/a.log common`, "<VirtualHost *:18601>", "</VirtualHost>", "<VirtualHost *:18601>", "CustomLog nodir3/a.log common", "</VirtualHost>"],
    apache: `(2)No such file or directory: AH02297: Cannot access directory '${ROOT}/nodir/' for log file '${ROOT}/nodir/a.log' defined at FILE:7\n` +
      `(2)No such file or directory: AH02297: Cannot access directory '${ROOT}/nodir3/' for log file 'nodir3/a.log' defined at FILE:11\nAH00014: Configuration check failed` },
  { name: "the same Listen twice", lines: [...HEAD, PREFORK, `ErrorLog ${ROOT}/logs/e.log`, "Listen 127.0.0.1:18601"],
    apache: "AH00526: Syntax error on line 7 of FILE:\nCannot define multiple Listeners on the same IP:port" },
];

const OK_CASES: Case[] = [
  { name: "ErrorLog to syslog is not a directory to check", lines: [...HEAD, PREFORK, "ErrorLog syslog:local1"], apache: "OK" },
  { name: "the same port on another address", lines: [...HEAD, PREFORK, `ErrorLog ${ROOT}/logs/e.log`, "Listen 127.0.0.2:18601"], apache: "OK" },
];

function check(lines: string[]): string {
  const file = `${ROOT}/t.conf`;
  try {
    parseConfig(lines.join("\n") + "\n", { file, fs, serverRoot: ROOT, env: {}, startup: true });
    return "OK";
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.message.split(file).join("FILE");
  }
}

describe("start-up checks apache2 -t makes (parseConfig startup: true)", () => {
  it.each([...CHECK_CASES, ...OK_CASES].map((c) => [c.name, c] as const))("%s", (_n, c) => {
    expect(check(c.lines)).toBe(c.apache);
  });
  it("a fragment (startup false) is not held to them", () => {
    expect(() => parseConfig("ServerName x\n", { file: "/x.conf", fs, env: {} })).not.toThrow();
  });
});

describe("start-up failures only a real start shows (startFailure)", () => {
  const start = (lines: string[]): string => {
    const tree = parseConfig(lines.join("\n") + "\n", { file: `${ROOT}/t.conf`, fs, serverRoot: ROOT, env: {}, startup: true });
    return startFailure(tree.children, ROOT, fs)?.message ?? "starts";
  };
  it("no Listen: no listening sockets (AH00015)", () => {
    expect(start([`ServerRoot ${ROOT}`, "ServerName localhost", `PidFile ${ROOT}/logs/pid`, PREFORK, `ErrorLog ${ROOT}/logs/e.log`]))
      .toBe("no listening sockets available, shutting down\nAH00015: Unable to open logs");
  });
  it("PidFile in a missing directory (AH00099, AH00100; httpd's random suffix as XXXXXX)", () => {
    expect(start([`ServerRoot ${ROOT}`, "ServerName localhost", "Listen 127.0.0.1:18603", PREFORK, `ErrorLog ${ROOT}/logs/e.log`, "PidFile nodir/x.pid"]))
      .toBe(`(2)No such file or directory: AH00099: could not create ${ROOT}/nodir/x.pid.XXXXXX\nAH00100: apache2: could not log pid to file ${ROOT}/nodir/x.pid`);
  });
  it("the default PidFile /run/apache2.pid needs /run", () => {
    expect(start([`ServerRoot ${ROOT}`, "ServerName localhost", "Listen 127.0.0.1:18603", PREFORK, `ErrorLog ${ROOT}/logs/e.log`]))
      .toBe("(2)No such file or directory: AH00099: could not create /run/apache2.pid.XXXXXX\nAH00100: apache2: could not log pid to file /run/apache2.pid");
  });
  it("a complete configuration starts", () => {
    expect(start([...HEAD, PREFORK, `ErrorLog ${ROOT}/logs/e.log`])).toBe("starts");
  });
});

describe("Debian's envvars, read as apache2ctl sources it", () => {
  // Debian 12's /etc/apache2/envvars, without its comments.
  const DEBIAN = [
    "unset HOME",
    'if [ "${APACHE_CONFDIR##/etc/apache2-}" != "${APACHE_CONFDIR}" ] ; then',
    '\tSUFFIX="-${APACHE_CONFDIR##/etc/apache2-}"',
    "else",
    "\tSUFFIX=",
    "fi",
    "export APACHE_RUN_USER=www-data",
    "export APACHE_RUN_GROUP=www-data",
    "export APACHE_PID_FILE=/var/run/apache2$SUFFIX/apache2.pid",
    "export APACHE_RUN_DIR=/var/run/apache2$SUFFIX",
    "export APACHE_LOCK_DIR=/var/lock/apache2$SUFFIX",
    "export APACHE_LOG_DIR=/var/log/apache2$SUFFIX",
    "export LANG=C",
    "export LANG",
  ].join("\n");
  it("exports the APACHE_* variables (and not the shell-only SUFFIX), HOME unset", () => {
    const r = readEnvvars(DEBIAN, { APACHE_CONFDIR: "/etc/apache2" }, { HOME: "/root", PATH: "/bin" });
    expect(r.exported).toEqual({
      PATH: "/bin", APACHE_RUN_USER: "www-data", APACHE_RUN_GROUP: "www-data", APACHE_PID_FILE: "/var/run/apache2/apache2.pid",
      APACHE_RUN_DIR: "/var/run/apache2", APACHE_LOCK_DIR: "/var/lock/apache2", APACHE_LOG_DIR: "/var/log/apache2", LANG: "C",
    });
    expect(r.skipped).toEqual([]);
  });
  it("a second instance (/etc/apache2-two) gets its suffix", () => {
    expect(readEnvvars(DEBIAN, { APACHE_CONFDIR: "/etc/apache2-two" }, {}).exported.APACHE_LOG_DIR).toBe("/var/log/apache2-two");
  });
  it("defaults with : ${A:=b}, nested if, and lines outside the subset are skipped and named", () => {
    const r = readEnvvars(
      [": ${APACHE_LOG_DIR:=/srv/log}", "export APACHE_LOG_DIR", "if [ -z \"$X\" ]; then", "  if [ a = b ]; then", "    export N=1", "  fi", "  export Y=yes", "fi", "export Z=$(id -u)"].join("\n"),
      {}, {},
    );
    expect(r.exported).toEqual({ APACHE_LOG_DIR: "/srv/log", Y: "yes" });
    expect(r.skipped).toEqual([{ line: 9, text: "export Z=$(id -u)" }]);
  });
});

describe("check on a Debian tree (apache2.conf beside envvars)", () => {
  it("expands ${APACHE_LOG_DIR} from envvars and takes the tree's directory as ServerRoot", async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { checkFile } = await import("../../src/cli/check.js");
    const dir = mkdtempSync(`${tmpdir()}/htr-debian-`);
    try {
      mkdirSync(`${dir}/mods`);
      writeFileSync(`${dir}/mods/mod_mpm_prefork.so`, "");
      mkdirSync(`${dir}/log`);
      writeFileSync(`${dir}/envvars`, `export APACHE_LOG_DIR=${dir}/log$SUFFIX\nexport APACHE_PID_FILE=${dir}/log/pid\n`);
      const conf = ["LoadModule mpm_prefork_module mods/mod_mpm_prefork.so", "ServerName localhost", "Listen 127.0.0.1:18604",
        "ErrorLog ${APACHE_LOG_DIR}/error.log", "PidFile ${APACHE_PID_FILE}"];
      writeFileSync(`${dir}/apache2.conf`, conf.join("\n") + "\n");
      expect(checkFile(`${dir}/apache2.conf`)).toMatchObject({ accepted: true });
      // Without envvars the variable stays unexpanded, and Apache refuses the missing directory.
      rmSync(`${dir}/envvars`);
      const r = checkFile(`${dir}/apache2.conf`, { serverRoot: dir });
      expect(r.accepted).toBe(false);
      expect(r.error).toContain("AH02291: Cannot access directory '");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
