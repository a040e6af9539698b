// /teams/:slug/actions.csv → /teams/:slug/action-items.csv (decision 0030).
export { action, loader } from "./teams_.$slug.actions.$";
