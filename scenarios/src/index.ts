/**
 * @keyrig/scenarios — the scenario DSL and runner, the shipped suites, the partner conformance
 * suite and the reports (docs/SCENARIOS.md, docs/CONFORMANCE.md).
 */
export * from './dsl/scenario.js';
export * from './dsl/Timeline.js';
export * from './rig/CloudAdmin.js';
export * from './rig/startRig.js';
export * from './dsl/scenarioProperty.js';
export * from './dsl/World.js';
export * from './dsl/worldErrors.js';
export * from './dsl/worldTime.js';
export * from './dsl/Guest.js';
export * from './dsl/Phone.js';
export * from './dsl/ProtocolPhone.js';
export * from './dsl/runScenario.js';
export * from './runner/shard.js';
export * from './runner/selectScenarios.js';
export * from './runner/loadSuites.js';
export * from './runner/runSuites.js';
export * from './reports/junitReport.js';
export * from './reports/htmlReport.js';
export * from './reports/sequenceDiagram.js';
export { SHIPPED_SUITES } from './suites/index.js';
export * from './conformance/capabilities.js';
export * from './conformance/ConformanceProvider.js';
export * from './conformance/ConformanceContext.js';
export * from './conformance/ConformanceTest.js';
export * from './conformance/catalogue.js';
export * from './conformance/protocolSections.js';
export * from './conformance/targets.js';
export * from './conformance/runConformance.js';
export * from './dsl/vitestFixture.js';
export * from './reports/conformanceJunit.js';
export * from './model/history.js';
export * from './model/HistoryRun.js';
export * from './model/runHistory.js';
export * from './model/arbitraries.js';
export * from './model/checkModel.js';
export * from './model/replayHistory.js';
export * from './model/writeScenarioFile.js';
export * from './model/loadAccessModel.js';
