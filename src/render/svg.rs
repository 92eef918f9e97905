//! Inline SVG diagrams generated at build time (no JavaScript needed).
//! TEMPORARY STUB (API only) — being replaced by the real implementation.

pub struct LadderLevel<'a> {
    pub title: &'a str,
    pub scope: &'a str,
    pub href: Option<String>,
}
pub fn ladder(levels: &[LadderLevel<'_>], label: &str) -> String {
    let _ = (levels, label);
    String::new()
}
pub struct FlowStep<'a> {
    pub title: &'a str,
    pub href: Option<String>,
}
pub fn steps(steps: &[FlowStep<'_>], label: &str) -> String {
    let _ = (steps, label);
    String::new()
}
