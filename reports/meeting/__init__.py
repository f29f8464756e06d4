"""The steering group's meeting: five steps as slides (`reports.meeting.slides`), drawn on the Möte page
(`ui.meeting`) and printed as the handout (`reports.meeting.handout`)."""
