/// The namespace of the robustness suites (bad input at the edge, fuzz regressions, security
/// properties), so `swift test --filter Robustness` selects exactly them.
enum Robustness {}
