/**
 * The modules htrewrite simulates, in the order httpd's module list gives them (which breaks ties
 * between hooks of the same order). The directive table of a deployment is the union of these
 * modules' directives with the ones the configuration layer accepts but does not simulate.
 */
import { alias } from "./alias.js";
import { authzCore } from "./authz.js";
import { autoindex } from "./autoindex.js";
import { core } from "./core.js";
import { dir } from "./dir.js";
import { env } from "./env.js";
import { headers } from "./headers.js";
import { http } from "./http.js";
import { mime } from "./mime.js";
import { proxy } from "./proxy.js";
import { rewrite } from "./rewrite.js";
import { setenvif } from "./setenvif.js";
import { anyModule, type AnyModule } from "./types.js";
import { userdir } from "./userdir.js";
import { wsgi } from "./wsgi.js";

export const SIMULATED_MODULES: readonly AnyModule[] = [
  anyModule(core),
  anyModule(http),
  anyModule(headers),
  anyModule(setenvif),
  anyModule(rewrite),
  anyModule(alias),
  anyModule(wsgi),
  anyModule(userdir),
  anyModule(authzCore),
  anyModule(mime),
  anyModule(env),
  anyModule(dir),
  anyModule(proxy),
  anyModule(autoindex),
];
