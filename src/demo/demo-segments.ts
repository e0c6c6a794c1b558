/**
 * Example segments of the demo (`make run-demo`): realistic cohorts from the product brief,
 * written in the JSON form callers send.
 */
export const DEMO_SEGMENTS: ReadonlyArray<{ readonly name: string; readonly description: string; readonly predicate: unknown }> = [
  {
    name: "EU enterprise",
    description: "Enterprise-tier customers billed in the EU.",
    predicate: {
      and: {
        predicates: [
          { condition: { field: "country", operator: "OPERATOR_IN", list: { values: ["DE", "FR", "IT", "ES", "NL", "AT", "BE", "IE", "PL", "SE"].map((c) => ({ stringValue: c })) } } },
          { condition: { field: "tier", operator: "OPERATOR_EQ", value: { stringValue: "enterprise" } } },
        ],
      },
    },
  },
  {
    name: "Trials ending this week",
    description: "A trialing subscription whose trial ends within 7 days.",
    predicate: {
      relation: {
        scope: "SCOPE_SUBSCRIPTIONS",
        quantifier: "QUANTIFIER_ANY",
        where: {
          and: {
            predicates: [
              { condition: { field: "status", operator: "OPERATOR_EQ", value: { stringValue: "trialing" } } },
              {
                condition: {
                  field: "trial_end",
                  operator: "OPERATOR_BETWEEN",
                  range: { lower: { relativeTime: { amount: "0", unit: "TIME_UNIT_DAY" } }, upper: { relativeTime: { amount: "7", unit: "TIME_UNIT_DAY" } } },
                },
              },
            ],
          },
        },
      },
    },
  },
  {
    name: "Dunning",
    description: "Two or more open invoices past their due date.",
    predicate: {
      relation: {
        scope: "SCOPE_INVOICES",
        quantifier: "QUANTIFIER_COUNT",
        where: {
          and: {
            predicates: [
              { condition: { field: "status", operator: "OPERATOR_EQ", value: { stringValue: "open" } } },
              { condition: { field: "due_at", operator: "OPERATOR_LT", value: { relativeTime: { amount: "0", unit: "TIME_UNIT_DAY" } } } },
            ],
          },
        },
        comparison: { operator: "OPERATOR_GTE", value: { intValue: "2" } },
      },
    },
  },
  {
    name: "High spend",
    description: "Paid invoices over the last 12 months sum above 10,000.00.",
    predicate: {
      relation: {
        scope: "SCOPE_INVOICES",
        quantifier: "QUANTIFIER_SUM",
        aggregateField: "total",
        where: { condition: { field: "status", operator: "OPERATOR_EQ", value: { stringValue: "paid" } } },
        window: { period: { from: { relative: { amount: "-12", unit: "TIME_UNIT_MONTH" } } } },
        comparison: { operator: "OPERATOR_GT", value: { moneyValue: "1000000" } },
      },
    },
  },
  {
    name: "Last 3 invoices paid",
    description: "The three most recent invoices are all paid (and there is at least one).",
    predicate: {
      and: {
        predicates: [
          { relation: { scope: "SCOPE_INVOICES", quantifier: "QUANTIFIER_ANY" } },
          {
            relation: {
              scope: "SCOPE_INVOICES",
              quantifier: "QUANTIFIER_ALL",
              window: { last: 3 },
              where: { condition: { field: "status", operator: "OPERATOR_EQ", value: { stringValue: "paid" } } },
            },
          },
        ],
      },
    },
  },
  {
    name: "Identity not verified",
    description: "No verified identity check.",
    predicate: {
      relation: {
        scope: "SCOPE_VERIFICATIONS",
        quantifier: "QUANTIFIER_NONE",
        where: {
          and: {
            predicates: [
              { condition: { field: "kind", operator: "OPERATOR_EQ", value: { stringValue: "identity" } } },
              { condition: { field: "status", operator: "OPERATOR_EQ", value: { stringValue: "verified" } } },
            ],
          },
        },
      },
    },
  },
];
