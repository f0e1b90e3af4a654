/**
 * Hostile input, fixed seeds and small budgets (`npm test`); test/live/fuzz-hostile-input.test.ts
 * runs the same properties with larger ones. See ./hostile-input.ts for what each asserts.
 */
import { describe, it } from "vitest";
import { budget, busyEngine, configBytesProperty, hostileConfigProperty, regexProperty, requestProperty } from "./hostile-input.js";

describe("hostile input: no exception but htrewrite's own, within the time budget", () => {
  it("arbitrary bytes as a configuration (read, check, .htaccess)", () => configBytesProperty(budget(200, 1)));
  it("structured hostile configurations through the engine load and a request", () => hostileConfigProperty(budget(60, 2)));
  it("arbitrary request fields into evaluate", () => requestProperty(busyEngine(), budget(400, 3)));
  it("arbitrary patterns and subjects into the regex layer", () => regexProperty(budget(150, 4)));
});
