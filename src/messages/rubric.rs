//! Problems found in a rubric file: its shape, its weights, scales, bands and rules, each listed
//! when the rubric loads so that its author fixes the file once.
//!
//! Each variant carries the data its message needs; the words are in `messages/rubric.toml`.

use serde::Serialize;

/// What is wrong with a rubric.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RubricProblem {
    /// Neither a built-in rubric nor a file.
    Unknown {
        /// What was asked for.
        name: String,
        /// The built-in ids.
        known: Vec<String>,
    },
    /// The file could not be read.
    Unreadable {
        /// The system's own words.
        detail: String,
    },
    /// The text is not TOML of the rubric's shape.
    NotRubricToml {
        /// The parser's words, with line and column.
        detail: String,
    },
    /// `id` is empty.
    EmptyId,
    /// `max_score` is not above 0.
    MaxScore {
        /// As given.
        found: f64,
    },
    /// A fulfilment sub-component without a grade table.
    NoFulfilmentTable,
    /// `scored_tier` is not among `tiers`.
    ScoredTier {
        /// As given.
        tier: String,
        /// The tiers.
        tiers: Vec<String>,
    },
    /// An embedded definition of the engine's own (the indices, the program columns) is broken:
    /// a defect of this build.
    Definition {
        /// What is wrong, in the engine's words.
        detail: String,
    },
    /// `[tier_words]` names a tier that is not among `tiers`.
    TierWordsUnknown {
        /// The tier named.
        tier: String,
        /// The tiers.
        tiers: Vec<String>,
    },
    /// The built-in scales do not parse (a defect of this build).
    LibraryScales {
        /// The parser's words.
        detail: String,
    },
    /// An answer spelt twice in one scale.
    ScaleAnswerTwice {
        /// The scale.
        scale: String,
        /// The answer.
        answer: String,
    },
    /// A scale value outside [0, 1].
    ScaleValue {
        /// The scale.
        scale: String,
        /// The code.
        code: String,
        /// Its value.
        value: f64,
    },
    /// A scale without codes.
    ScaleEmpty {
        /// The scale.
        scale: String,
    },
    /// A fulfilment grade given twice.
    GradeTwice {
        /// The grade.
        grade: String,
    },
    /// A fulfilment grade's value or share outside [0, 1].
    GradeRange {
        /// The grade.
        grade: String,
    },
    /// No components.
    NoComponents,
    /// A component code given twice.
    ComponentTwice {
        /// The code.
        code: String,
    },
    /// A sub-component code given twice in one component.
    SubcomponentTwice {
        /// The component.
        component: String,
        /// The code.
        code: String,
    },
    /// A component's weight is not the sum of its sub-components'.
    ComponentWeight {
        /// The component.
        component: String,
        /// Its weight.
        weight: f64,
        /// Its sub-components' weights added up.
        sum: f64,
    },
    /// A component without sub-components.
    NoSubcomponents {
        /// The component.
        component: String,
    },
    /// A method that is not `mean` or `fulfilment`.
    UnknownMethod {
        /// The sub-component.
        sub: String,
        /// The method given.
        method: String,
    },
    /// A negative weight.
    NegativeWeight {
        /// The sub-component.
        sub: String,
        /// Its weight.
        weight: f64,
    },
    /// A sub-component without criteria.
    NoCriteria {
        /// The sub-component.
        sub: String,
    },
    /// A criterion code given twice.
    CriterionTwice {
        /// The code.
        code: String,
    },
    /// A criterion's scale that neither the rubric nor the built-in library has.
    UnknownScale {
        /// The criterion.
        criterion: String,
        /// The scale named.
        scale: String,
        /// The scales known.
        known: Vec<String>,
    },
    /// The components' weights do not add up to `max_score`.
    ComponentsTotal {
        /// Their sum.
        sum: f64,
        /// `max_score`.
        max_score: f64,
    },
    /// A band given twice.
    BandTwice {
        /// The grade.
        grade: String,
    },
    /// A band whose lower edge is not below its upper.
    BandEdges {
        /// The grade.
        grade: String,
        /// Lower edge.
        lower: f64,
        /// Upper edge.
        upper: f64,
    },
    /// No predicate bands.
    NoBands,
    /// No band holds 0.
    GapAtZero {
        /// The lowest band.
        grade: String,
        /// Where it starts (`> 5`, `>= 5`).
        starts: String,
    },
    /// No band holds the maximum.
    GapAtMaximum {
        /// The maximum.
        max_score: f64,
        /// The highest band.
        grade: String,
        /// Where it ends.
        ends: f64,
    },
    /// A gap between two bands.
    Gap {
        /// The band below.
        below: String,
        /// Its upper edge.
        upper: f64,
        /// The band above.
        above: String,
        /// Its lower edge.
        lower: f64,
    },
    /// Two bands that overlap.
    Overlap {
        /// The band below.
        below: String,
        /// Its upper edge.
        upper: f64,
        /// The band above.
        above: String,
        /// Its lower edge.
        lower: f64,
    },
    /// Two bands that both hold their shared edge.
    EdgeTwice {
        /// The band below.
        below: String,
        /// The band above.
        above: String,
        /// The edge.
        edge: f64,
    },
    /// Two bands neither of which holds their shared edge.
    EdgeUnheld {
        /// The band below.
        below: String,
        /// The band above.
        above: String,
        /// The edge.
        edge: f64,
    },
    /// A rule that mixes or lacks the fields of its two shapes.
    RuleShape {
        /// The rule's number, from 1.
        rule: usize,
    },
    /// A rule's `if` that is not a criterion.
    RuleIfUnknown {
        /// The rule's number.
        rule: usize,
        /// The code given.
        code: String,
    },
    /// A rule's answer that is not on its criterion's scale.
    RuleAnswer {
        /// The rule's number.
        rule: usize,
        /// The answer given.
        answer: String,
        /// The criterion.
        criterion: String,
        /// Its scale.
        scale: String,
    },
    /// A rule's `then` that names nothing.
    RuleThenUnknown {
        /// The rule's number.
        rule: usize,
        /// The code given.
        code: String,
    },
    /// A rule whose `if` criterion is among those it holds down.
    RuleHoldsItself {
        /// The rule's number.
        rule: usize,
        /// The criterion.
        code: String,
    },
    /// A rule's limit that is not on a held criterion's scale.
    RuleLimit {
        /// The rule's number.
        rule: usize,
        /// The limit given.
        limit: String,
        /// The first criterion on that scale.
        criterion: String,
        /// The scale.
        scale: String,
    },
    /// A rule's node that is neither a component nor a sub-component.
    RuleNode {
        /// The rule's number.
        rule: usize,
        /// The code given.
        code: String,
    },
    /// A rule comparing a node with itself.
    RuleSelf {
        /// The rule's number.
        rule: usize,
        /// The node.
        node: String,
    },
    /// Both `components` and `nodes` given.
    ComponentsAndNodes,
    /// A node code given twice.
    NodeTwice {
        /// The code.
        code: String,
    },
    /// A node whose parent is no node.
    NodeParent {
        /// The node.
        code: String,
        /// The parent it names.
        parent: String,
    },
    /// A node on a cycle of parents, under no component.
    NodeUnreached {
        /// The node.
        code: String,
    },
    /// A node with neither a name nor a text.
    NodeUnnamed {
        /// The node.
        code: String,
    },
    /// A negative weight.
    NodeWeightNegative {
        /// The node.
        code: String,
        /// Its weight.
        weight: f64,
    },
    /// A `direct` criterion whose scale is not a number scale.
    DirectScale {
        /// The criterion.
        code: String,
        /// Its scale.
        scale: String,
    },
    /// A criterion (no node under it) given an aggregation.
    LeafAggregation {
        /// The criterion.
        code: String,
        /// The aggregation given.
        aggregate: String,
    },
    /// An aggregation that is none of the known ones.
    UnknownAggregation {
        /// The node.
        code: String,
        /// The aggregation given.
        aggregate: String,
    },
    /// An aggregating node without a weight.
    NodeWeightMissing {
        /// The node.
        code: String,
    },
    /// A child of a `sum` or `weighted` node without a weight.
    ChildWeightMissing {
        /// The node.
        code: String,
        /// Its parent.
        parent: String,
        /// The parent's aggregation.
        aggregate: String,
    },
    /// A `fulfilment` or `share` node with nodes, not criteria, under it.
    AggregationChildren {
        /// The node.
        code: String,
        /// Its aggregation.
        aggregate: String,
    },
    /// A `sum` or `weighted` node whose children's weights do not add up to its own.
    NodeWeight {
        /// The node.
        code: String,
        /// Its weight.
        weight: f64,
        /// Its children's weights added up.
        sum: f64,
    },
    /// A component with criteria right under it.
    ShallowComponent {
        /// The component.
        code: String,
    },
    /// A number scale whose range is empty.
    ScaleRange {
        /// The scale.
        scale: String,
        /// Its lowest answer.
        min: f64,
        /// Its highest.
        max: f64,
    },
    /// A scale with both codes and a number range.
    ScaleCodesAndNumber {
        /// The scale.
        scale: String,
    },
    /// A requirement of none of the three shapes.
    GateShape {
        /// The predicate.
        grade: String,
        /// The requirement's place, from 1.
        number: usize,
    },
    /// A requirement naming no node.
    GateNode {
        /// The predicate.
        grade: String,
        /// The code named.
        node: String,
    },
    /// A requirement's share outside [0, 1].
    GateShare {
        /// The predicate.
        grade: String,
        /// The node.
        node: String,
    },
    /// An `every` requirement whose level holds no node under its node.
    GateLevel {
        /// The predicate.
        grade: String,
        /// The node.
        node: String,
        /// The level.
        level: usize,
    },
}

impl RubricProblem {
    /// The message's key in the catalogue.
    pub(super) fn key(&self) -> &'static str {
        use RubricProblem as K;
        match self {
            K::Unknown { .. } => "rubric.unknown",
            K::Unreadable { .. } => "rubric.unreadable",
            K::NotRubricToml { .. } => "rubric.not_toml",
            K::EmptyId => "rubric.empty_id",
            K::MaxScore { .. } => "rubric.max_score",
            K::NoFulfilmentTable => "rubric.no_fulfilment_table",
            K::ScoredTier { .. } => "rubric.scored_tier",
            K::Definition { .. } => "rubric.definition",
            K::TierWordsUnknown { .. } => "rubric.tier_words_unknown",
            K::LibraryScales { .. } => "rubric.library_scales",
            K::ScaleAnswerTwice { .. } => "rubric.scale_answer_twice",
            K::ScaleValue { .. } => "rubric.scale_value",
            K::ScaleEmpty { .. } => "rubric.scale_empty",
            K::GradeTwice { .. } => "rubric.grade_twice",
            K::GradeRange { .. } => "rubric.grade_range",
            K::NoComponents => "rubric.no_components",
            K::ComponentTwice { .. } => "rubric.component_twice",
            K::SubcomponentTwice { .. } => "rubric.subcomponent_twice",
            K::ComponentWeight { .. } => "rubric.component_weight",
            K::NoSubcomponents { .. } => "rubric.no_subcomponents",
            K::UnknownMethod { .. } => "rubric.unknown_method",
            K::NegativeWeight { .. } => "rubric.negative_weight",
            K::NoCriteria { .. } => "rubric.no_criteria",
            K::CriterionTwice { .. } => "rubric.criterion_twice",
            K::UnknownScale { .. } => "rubric.unknown_scale",
            K::ComponentsTotal { .. } => "rubric.components_total",
            K::BandTwice { .. } => "rubric.band_twice",
            K::BandEdges { .. } => "rubric.band_edges",
            K::NoBands => "rubric.no_bands",
            K::GapAtZero { .. } => "rubric.gap_at_zero",
            K::GapAtMaximum { .. } => "rubric.gap_at_maximum",
            K::Gap { .. } => "rubric.gap",
            K::Overlap { .. } => "rubric.overlap",
            K::EdgeTwice { .. } => "rubric.edge_twice",
            K::EdgeUnheld { .. } => "rubric.edge_unheld",
            K::RuleShape { .. } => "rubric.rule_shape",
            K::RuleIfUnknown { .. } => "rubric.rule_if_unknown",
            K::RuleAnswer { .. } => "rubric.rule_answer",
            K::RuleThenUnknown { .. } => "rubric.rule_then_unknown",
            K::RuleHoldsItself { .. } => "rubric.rule_holds_itself",
            K::RuleLimit { .. } => "rubric.rule_limit",
            K::RuleNode { .. } => "rubric.rule_node",
            K::RuleSelf { .. } => "rubric.rule_self",
            K::ComponentsAndNodes => "rubric.components_and_nodes",
            K::NodeTwice { .. } => "rubric.node_twice",
            K::NodeParent { .. } => "rubric.node_parent",
            K::NodeUnreached { .. } => "rubric.node_unreached",
            K::NodeUnnamed { .. } => "rubric.node_unnamed",
            K::NodeWeightNegative { .. } => "rubric.node_weight_negative",
            K::DirectScale { .. } => "rubric.direct_scale",
            K::LeafAggregation { .. } => "rubric.leaf_aggregation",
            K::UnknownAggregation { .. } => "rubric.unknown_aggregation",
            K::NodeWeightMissing { .. } => "rubric.node_weight_missing",
            K::ChildWeightMissing { .. } => "rubric.child_weight_missing",
            K::AggregationChildren { .. } => "rubric.aggregation_children",
            K::NodeWeight { .. } => "rubric.node_weight",
            K::ShallowComponent { .. } => "rubric.shallow_component",
            K::ScaleRange { .. } => "rubric.scale_range",
            K::ScaleCodesAndNumber { .. } => "rubric.scale_codes_and_number",
            K::GateShape { .. } => "rubric.gate_shape",
            K::GateNode { .. } => "rubric.gate_node",
            K::GateShare { .. } => "rubric.gate_share",
            K::GateLevel { .. } => "rubric.gate_level",
        }
    }

    /// One of each message, for the catalogue's tests.
    #[cfg(test)]
    pub(super) fn examples() -> Vec<Self> {
        use RubricProblem as K;
        let s = |t: &str| t.to_string();
        vec![
            K::Unknown {
                name: s("akip-1999"),
                known: vec![s("akip-2021")],
            },
            K::Unreadable {
                detail: s("denied"),
            },
            K::NotRubricToml {
                detail: s("line 1"),
            },
            K::EmptyId,
            K::MaxScore { found: 0.0 },
            K::NoFulfilmentTable,
            K::ScoredTier {
                tier: s("final"),
                tiers: vec![s("usulan")],
            },
            K::Definition { detail: s("x") },
            K::TierWordsUnknown {
                tier: s("verval"),
                tiers: vec![s("usulan")],
            },
            K::LibraryScales { detail: s("x") },
            K::ScaleAnswerTwice {
                scale: s("yt"),
                answer: s("Ya"),
            },
            K::ScaleValue {
                scale: s("yt"),
                code: s("Y"),
                value: 2.0,
            },
            K::ScaleEmpty { scale: s("yt") },
            K::GradeTwice { grade: s("A") },
            K::GradeRange { grade: s("A") },
            K::NoComponents,
            K::ComponentTwice { code: s("1") },
            K::SubcomponentTwice {
                component: s("1"),
                code: s("a"),
            },
            K::ComponentWeight {
                component: s("1"),
                weight: 30.0,
                sum: 29.0,
            },
            K::NoSubcomponents { component: s("1") },
            K::UnknownMethod {
                sub: s("1.a"),
                method: s("max"),
            },
            K::NegativeWeight {
                sub: s("1.a"),
                weight: -1.0,
            },
            K::NoCriteria { sub: s("1.a") },
            K::CriterionTwice { code: s("1.a.1") },
            K::UnknownScale {
                criterion: s("1.a.1"),
                scale: s("xyz"),
                known: vec![s("yt")],
            },
            K::ComponentsTotal {
                sum: 90.0,
                max_score: 100.0,
            },
            K::BandTwice { grade: s("A") },
            K::BandEdges {
                grade: s("A"),
                lower: 90.0,
                upper: 80.0,
            },
            K::NoBands,
            K::GapAtZero {
                grade: s("D"),
                starts: s("> 5"),
            },
            K::GapAtMaximum {
                max_score: 100.0,
                grade: s("AA"),
                ends: 95.0,
            },
            K::Gap {
                below: s("C"),
                upper: 50.0,
                above: s("CC"),
                lower: 55.0,
            },
            K::Overlap {
                below: s("C"),
                upper: 55.0,
                above: s("CC"),
                lower: 50.0,
            },
            K::EdgeTwice {
                below: s("C"),
                above: s("CC"),
                edge: 50.0,
            },
            K::EdgeUnheld {
                below: s("C"),
                above: s("CC"),
                edge: 50.0,
            },
            K::RuleShape { rule: 1 },
            K::RuleIfUnknown {
                rule: 1,
                code: s("9.z.9"),
            },
            K::RuleAnswer {
                rule: 1,
                answer: s("Mungkin"),
                criterion: s("3.a.1"),
                scale: s("yt"),
            },
            K::RuleThenUnknown {
                rule: 1,
                code: s("7.q"),
            },
            K::RuleHoldsItself {
                rule: 1,
                code: s("3.a.1"),
            },
            K::RuleLimit {
                rule: 1,
                limit: s("Z"),
                criterion: s("3.b.1"),
                scale: s("aa_e"),
            },
            K::RuleNode {
                rule: 1,
                code: s("1.x"),
            },
            K::RuleSelf {
                rule: 1,
                node: s("1.x"),
            },
            K::ComponentsAndNodes,
            K::NodeTwice { code: s("A.I") },
            K::NodeParent {
                code: s("A.I"),
                parent: s("A.I"),
            },
            K::NodeUnreached { code: s("A.I") },
            K::NodeUnnamed { code: s("A.I") },
            K::NodeWeightNegative {
                code: s("A.I"),
                weight: 2.0,
            },
            K::DirectScale {
                code: s("A.I"),
                scale: s("A.I"),
            },
            K::LeafAggregation {
                code: s("A.I"),
                aggregate: s("A.I"),
            },
            K::UnknownAggregation {
                code: s("A.I"),
                aggregate: s("A.I"),
            },
            K::NodeWeightMissing { code: s("A.I") },
            K::ChildWeightMissing {
                code: s("A.I"),
                parent: s("A.I"),
                aggregate: s("A.I"),
            },
            K::AggregationChildren {
                code: s("A.I"),
                aggregate: s("A.I"),
            },
            K::NodeWeight {
                code: s("A.I"),
                weight: 2.0,
                sum: 2.0,
            },
            K::ShallowComponent { code: s("A.I") },
            K::ScaleRange {
                scale: s("A.I"),
                min: 2.0,
                max: 2.0,
            },
            K::ScaleCodesAndNumber { scale: s("A.I") },
            K::GateShape {
                grade: s("A.I"),
                number: 3,
            },
            K::GateNode {
                grade: s("A.I"),
                node: s("A.I"),
            },
            K::GateShare {
                grade: s("A.I"),
                node: s("A.I"),
            },
            K::GateLevel {
                grade: s("A.I"),
                node: s("A.I"),
                level: 3,
            },
        ]
    }
}
