/**
 * The table of bench scenarios, in the order they run and appear in the report.
 */
import type { Scenario } from "../harness/types.js";
import { config10k } from "./config.js";
import { drupal, laravel, wordpress } from "./front-controllers.js";
import { headerConditions } from "./header-conditions.js";
import { hostile } from "./hostile.js";
import { redirectScenario } from "./redirects.js";
import { resourceMounts } from "./resource-mounts.js";
import { seedUserdir } from "./seed.js";
import { tracingOnOff } from "./tracing.js";
import { txtMap } from "./txt-map.js";

export const SCENARIOS: readonly Scenario[] = [
  seedUserdir,
  resourceMounts,
  wordpress,
  drupal,
  laravel,
  redirectScenario(100),
  redirectScenario(1_000),
  redirectScenario(10_000),
  txtMap,
  headerConditions,
  hostile,
  tracingOnOff,
  config10k,
];
