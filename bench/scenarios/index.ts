/**
 * The table of bench scenarios, in the order they run and appear in the report.
 */
import type { Scenario } from "../harness/types.js";
import { redirectScenario } from "./redirects.js";
import { seedUserdir } from "./seed.js";

export const SCENARIOS: readonly Scenario[] = [seedUserdir, redirectScenario(100), redirectScenario(1_000), redirectScenario(10_000)];
