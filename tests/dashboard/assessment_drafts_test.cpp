// The Assessments panel's form checks (issue 14): each mistake lands on its own field, a good
// draft becomes the protocol the hub is sent, station ids are split and de-duplicated.
#include <gtest/gtest.h>

#include "dashboard/assessment_drafts.h"

using namespace runform;
using namespace runform::dashboard;

namespace {

ProtocolDraft good_protocol() {
  return {"Hill check",
          {{"Calibration", true, false, "10", "", "", "Stand still"}, {"Uphill", false, true, "60", "12.5", "3", ""}}};
}

}  // namespace

TEST(AssessmentDrafts, AGoodProtocolHasNoErrorsAndConvertsStepByStep) {
  const ProtocolDraft draft = good_protocol();
  EXPECT_TRUE(check_protocol(draft).empty());
  const services::ProtocolSpec spec = to_protocol(draft);
  EXPECT_EQ(spec.name, "Hill check");
  ASSERT_EQ(spec.steps.size(), 2u);
  EXPECT_EQ(spec.steps[0].kind, services::StepKind::kCalibration);
  EXPECT_EQ(spec.steps[0].duration_s, 10);
  EXPECT_FALSE(spec.steps[0].speed_kmh.has_value());
  EXPECT_EQ(spec.steps[1].view, form::View::kSide);
  EXPECT_EQ(spec.steps[1].kind, services::StepKind::kRun);
  EXPECT_DOUBLE_EQ(spec.steps[1].speed_kmh.value_or(0), 12.5);
  EXPECT_DOUBLE_EQ(spec.steps[1].incline_pct.value_or(-1), 3.0);
}

TEST(AssessmentDrafts, ASavedProtocolStartsANewOneWithEveryStepAsSaved) {
  const services::ProtocolSpec saved = to_protocol(good_protocol());
  const ProtocolDraft copy = draft_from(saved);
  EXPECT_EQ(copy.name, "Hill check (copy)") << "the saved one keeps its name";
  EXPECT_EQ(copy.steps[1].speed_kmh, "12.5");
  EXPECT_EQ(copy.steps[1].incline_pct, "3") << "numbers read as staff type them";
  EXPECT_EQ(copy.steps[0].speed_kmh, "") << "an unset speed stays unset, not 0";
  EXPECT_TRUE(check_protocol(copy).empty());
  services::ProtocolSpec again = to_protocol(copy);
  ASSERT_EQ(again.steps.size(), saved.steps.size());
  for (std::size_t i = 0; i < saved.steps.size(); ++i) {
    EXPECT_EQ(again.steps[i].label, saved.steps[i].label);
    EXPECT_EQ(again.steps[i].kind, saved.steps[i].kind);
    EXPECT_EQ(again.steps[i].duration_s, saved.steps[i].duration_s);
    EXPECT_EQ(again.steps[i].view, saved.steps[i].view);
    EXPECT_EQ(again.steps[i].speed_kmh, saved.steps[i].speed_kmh);
    EXPECT_EQ(again.steps[i].incline_pct, saved.steps[i].incline_pct);
    EXPECT_EQ(again.steps[i].instructions, saved.steps[i].instructions) << "the runner's words are kept";
  }
}

TEST(AssessmentDrafts, KnownStationsAreOfferedOnceAndToggleTheTypedList) {
  services::AssessmentInfo spring, summer;
  spring.station_ids = {"st-2", "st-1"};
  summer.station_ids = {"st-3", "st-1"};
  EXPECT_EQ(known_stations({spring, summer}), (std::vector<std::string>{"st-1", "st-2", "st-3"}));
  EXPECT_TRUE(known_stations({}).empty());
  EXPECT_EQ(toggle_station("", "st-1"), "st-1");
  EXPECT_EQ(toggle_station("st-1 st-4", "st-2"), "st-1, st-4, st-2") << "typed ids are kept";
  EXPECT_EQ(toggle_station("st-1, st-2, st-3", "st-2"), "st-1, st-3") << "picked again: taken out";
  EXPECT_EQ(toggle_station("st-1,st-1", "st-1"), "") << "a repeat typed is one station";
}

TEST(AssessmentDrafts, EachMistakeIsOnItsField) {
  ProtocolDraft draft = good_protocol();
  draft.name = "  ";
  draft.steps[0].duration_s = "";      // no duration
  draft.steps[1].duration_s = "4";     // below the hub's 5 s
  draft.steps[1].speed_kmh = "45";     // above 30 km/h
  draft.steps[1].incline_pct = "-1";   // below 0 %
  draft.steps.push_back({"", false, false, "12x", "", "", ""});
  const FieldErrors e = check_protocol(draft);
  EXPECT_TRUE(e.contains("protocol-name"));
  EXPECT_NE(e.at("step-1-duration").find("needed"), std::string::npos);
  EXPECT_TRUE(e.contains("step-2-duration"));
  EXPECT_NE(e.at("step-2-speed").find("1–30 km/h"), std::string::npos);
  EXPECT_TRUE(e.contains("step-2-incline"));
  EXPECT_TRUE(e.contains("step-3-label"));
  EXPECT_TRUE(e.contains("step-3-duration"));
  EXPECT_FALSE(e.contains("step-1-label"));
  EXPECT_FALSE(e.contains("step-1-speed"));  // optional and empty
  EXPECT_EQ(e.size(), 7u);
}

TEST(AssessmentDrafts, StepCountLimits) {
  ProtocolDraft draft{"P", {}};
  EXPECT_TRUE(check_protocol(draft).contains("protocol-steps"));
  draft.steps.assign(kMaxProtocolSteps + 1, {"Run", false, false, "60", "", "", ""});
  EXPECT_TRUE(check_protocol(draft).contains("protocol-steps"));
  draft.steps.pop_back();
  EXPECT_TRUE(check_protocol(draft).empty());
}

TEST(AssessmentDrafts, AssessmentFieldsAndStations) {
  EXPECT_EQ(station_list(" st-1, st-2 st-1,,st-3 "), (std::vector<std::string>{"st-1", "st-2", "st-3"}));
  EXPECT_TRUE(check_assessment({"Day", "2026-04-18", "st-1"}).empty());
  EXPECT_TRUE(check_assessment({"Day", "2028-02-29", "st-1"}).empty());
  const FieldErrors e = check_assessment({"", "2026-02-30", " , "});
  EXPECT_EQ(e.size(), 3u);
  EXPECT_TRUE(check_assessment({"Day", "18/04/2026", "st-1"}).contains("assessment-date"));
  EXPECT_TRUE(check_assessment({"Day", "2026-13-01", "st-1"}).contains("assessment-date"));
}

TEST(AssessmentDrafts, AthleteByHand) {
  EXPECT_TRUE(check_athlete({"R201", "Ines Rocha", "U18", "kim"}).empty());
  EXPECT_TRUE(check_athlete({"R 201", "Ines", "", ""}).contains("athlete-code"));
  EXPECT_TRUE(check_athlete({"R:201", "Ines", "", ""}).contains("athlete-code"));
  EXPECT_TRUE(check_athlete({std::string(33, 'x'), "Ines", "", ""}).contains("athlete-code"));
  EXPECT_TRUE(check_athlete({"R201", " ", "", ""}).contains("athlete-name"));
}
