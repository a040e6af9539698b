/**
 * Default quarterly Trust Equation item bank, Trust = (C + R + I) / S.
 *
 * Every item is scored so that a higher item score means a higher component
 * score. For C, R and I that is "more trust"; for S it is "more
 * self-oriented", i.e. worse. `reversed` marks items where agreeing lowers the
 * component score; mixing directions guards against people agreeing with
 * everything.
 *
 * Ids are stored with answers, so they must never change once shipped; reword
 * an item only if its meaning stays the same, otherwise retire it and add a new id.
 */

export type Component = "C" | "R" | "I" | "S";

export const COMPONENTS: readonly Component[] = Object.freeze(["C", "R", "I", "S"] as const);

export interface SurveyItem {
  id: string;
  component: Component;
  text: string;
  reversed: boolean;
}

export const COMPONENT_NAMES: Record<Component, string> = Object.freeze({
  C: "Credibility",
  R: "Reliability",
  I: "Intimacy",
  S: "Self-orientation",
});

export const LIKERT_LABELS: readonly string[] = Object.freeze([
  "Strongly disagree",
  "Disagree",
  "Neither agree nor disagree",
  "Agree",
  "Strongly agree",
]);

const LIKERT_MIN = 1;
const LIKERT_MAX = 5;

const item = (id: string, component: Component, reversed: boolean, text: string): SurveyItem =>
  Object.freeze({ id, component, text, reversed });

export const DEFAULT_SURVEY_BANK: readonly SurveyItem[] = Object.freeze([
  // Credibility: do we believe what colleagues tell us?
  item(
    "c-knows-their-craft",
    "C",
    false,
    "People on this team know their craft well enough that I rely on their judgement.",
  ),
  item(
    "c-says-i-dont-know",
    "C",
    false,
    "When someone here does not know the answer, they say so and go and find out.",
  ),
  item("c-claims-false-certainty", "C", true, "People on this team sometimes claim certainty they don't have."),
  item("c-explanations-hold-up", "C", false, "The explanations I get from colleagues hold up when I check them."),

  // Reliability: do we do what we say?
  item("r-does-what-they-say", "R", false, "When a colleague here says they will do something, it gets done."),
  item("r-slips-without-warning", "R", true, "Commitments on this team slip without anyone saying so in advance."),
  item(
    "r-follows-through-actions",
    "R",
    false,
    "Action items agreed after an incident are followed through to the end.",
  ),
  item("r-steady-under-pressure", "R", false, "People here behave the same way during an incident as on a quiet day."),

  // Intimacy: is it safe to be open here?
  item(
    "i-admit-mistakes",
    "I",
    false,
    "I can admit a mistake on this team without worrying that it will be used against me.",
  ),
  item("i-bad-news-early", "I", false, "I can bring bad news early without it being held against me."),
  item(
    "i-hold-things-back",
    "I",
    true,
    "There are things about my work I keep to myself because sharing them here feels risky.",
  ),
  item("i-ask-for-help", "I", false, "Asking a colleague here for help feels normal, not like a weakness."),

  // Self-orientation: agreeing with a non-reversed item means MORE self-oriented.
  item(
    "s-credit-over-outcome",
    "S",
    false,
    "Some people on this team care more about getting credit than about how things turn out.",
  ),
  item(
    "s-listens-fully",
    "S",
    true,
    "When I bring a problem, colleagues listen to the whole of it before turning to their own concerns.",
  ),
  item("s-protects-own-area", "S", false, "When something goes wrong, people here protect their own area first."),
  item(
    "s-decides-for-team",
    "S",
    true,
    "Decisions here are made for what is best for the team and our users, not for anyone's standing.",
  ),
]);

/** Score one Likert answer so that higher always means a higher component score. */
export function scoreItem(item: SurveyItem, answer: number): number {
  if (!Number.isInteger(answer) || answer < LIKERT_MIN || answer > LIKERT_MAX) {
    throw new RangeError(`Answer to ${item.id} must be an integer 1–5, got ${answer}`);
  }
  return item.reversed ? LIKERT_MIN + LIKERT_MAX - answer : answer;
}

/**
 * The rule for a team's question selection: at least one question per component, because
 * Trust = (C + R + I) / S needs all four. The message for the first component the selection
 * leaves out, or null when every component keeps a question.
 */
export function itemSelectionProblem(
  bank: readonly Pick<SurveyItem, "id" | "component">[],
  enabledIds: ReadonlySet<string>,
): string | null {
  const missing = COMPONENTS.find((c) => !bank.some((i) => i.component === c && enabledIds.has(i.id)));
  return missing ? `Keep at least one ${COMPONENT_NAMES[missing]} question: Trust needs all four components` : null;
}
