// keyrig's public entry: the scenario DSL, runner and reports (docs/SCENARIOS.md, "Your own repo").
export * from '@keyrig/scenarios';
