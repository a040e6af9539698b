import type { PresentData } from "~/routes/teams_.$slug.retro.present";
import { IncidentsAndFollowThrough, TrustAndParticipation, WhatChanged } from "./present-figures";
import { Checklist, NewActions, OpenActions, WhatPeopleWrote } from "./present-items";

/** The meeting mode's seven steps: each draws one screen from the retro's loader data. */

export function PresentStep({ step, data }: { step: number; data: PresentData }) {
  switch (step) {
    case 1:
      return <WhatChanged retro={data.retro} />;
    case 2:
      return <TrustAndParticipation retro={data.retro} threshold={data.team.threshold} />;
    case 3:
      return <IncidentsAndFollowThrough retro={data.retro} />;
    case 4:
      return <WhatPeopleWrote data={data} />;
    case 5:
      return <OpenActions retro={data.retro} />;
    case 6:
      return <Checklist retro={data.retro} />;
    default:
      return <NewActions data={data} />;
  }
}
