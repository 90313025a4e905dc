#include "core/ingest/form_fields.h"

#include <gtest/gtest.h>

namespace shortlist::ingest {
namespace {

TEST(PlainNumberText, ReadsAmountsAsPeopleTypeThemInTheFormsLanguages) {
  EXPECT_EQ(plain_number_text("120000"), "120000");
  EXPECT_EQ(plain_number_text(" 120 000 "), "120000");
  EXPECT_EQ(plain_number_text("120\xC2\xA0"
                              "000"),
            "120000");  // no-break space
  EXPECT_EQ(plain_number_text("120\xE2\x80\xAF"
                              "000"),
            "120000");  // narrow no-break space
  EXPECT_EQ(plain_number_text("120,000"), "120000");
  EXPECT_EQ(plain_number_text("120.000"), "120000");
  EXPECT_EQ(plain_number_text("1,250,000.75"), "1250000.75");
  EXPECT_EQ(plain_number_text("1.250.000,75"), "1250000.75");
  EXPECT_EQ(plain_number_text("12,5"), "12.5");
  EXPECT_EQ(plain_number_text("12.5"), "12.5");
  EXPECT_EQ(plain_number_text("1'000'000"), "1000000");
  EXPECT_EQ(plain_number_text("-3"), "-3");
  EXPECT_EQ(plain_number_text("\xD9\xA1\xD9\xA2\xD9\xA0\xD9\xAC\xD9\xA0\xD9\xA0\xD9\xA0"),
            "120000");  // ١٢٠٬٠٠٠
}

TEST(PlainNumberText, RefusesWhatIsNotANumber) {
  for (const char* typed : {"", "  ", "about 100", "USD 100", "12,50,0", "1.2.3,4,5", "12.", ".5",
                            "1e5", "one hundred"}) {
    EXPECT_EQ(plain_number_text(typed), std::nullopt) << typed;
  }
}

TEST(IsFormPath, NamesTheFieldsASubmissionCarries) {
  for (const char* path :
       {"title", "summary", "applicant.country", "budget.requested", "beneficiaries.women_led",
        "sections.activities", "fields.partners", "fields.a.b"}) {
    EXPECT_TRUE(is_form_path(path)) << path;
  }
  for (const char* path : {"", "Text1", "applicant", "applicant.phone", "budget.spent", "sections",
                           "sections.a.b", "fields.", "fields..x", "id", "Name of organisation"}) {
    EXPECT_FALSE(is_form_path(path)) << path;
  }
}

TEST(ApplyFormValues, PutsEachValueWhereAYamlSubmissionWritesItAndLeavesEmptyOnesOut) {
  Document document{"form.docx", {}};
  document.root.kind = Node::Kind::Map;
  document.root.members.emplace_back("title", Node::text("Application form"));
  apply_form_values(document, {{"title", "  Paperless trade  "},
                               {"applicant.country", "KE"},
                               {"budget.requested", "120 000"},
                               {"budget.total", "a lot"},
                               {"fields.partners", "Chamber A, Chamber B"},
                               {"fields.months", "24"},
                               {"summary", " \n "},
                               {"Text1", "ignored"}});
  const Node& root = document.root;
  EXPECT_EQ(root.find("title")->scalar, "Paperless trade");
  EXPECT_EQ(root.find("applicant")->find("country")->scalar, "KE");
  EXPECT_TRUE(root.find("applicant")->find("country")->quoted);
  const Node* requested = root.find("budget")->find("requested");
  EXPECT_EQ(requested->scalar, "120000");
  EXPECT_FALSE(requested->quoted);
  // Kept as typed, unquoted, for the builder to say it is not a number.
  EXPECT_EQ(root.find("budget")->find("total")->scalar, "a lot");
  EXPECT_FALSE(root.find("budget")->find("total")->quoted);
  EXPECT_TRUE(root.find("fields")->find("partners")->quoted);
  EXPECT_FALSE(root.find("fields")->find("months")->quoted);
  EXPECT_EQ(root.find("summary"), nullptr);
  EXPECT_EQ(root.find("Text1"), nullptr);
}

TEST(FormLabels, MatchALabelWithoutCaseSpacingOrATrailingColon) {
  FormLabels labels;
  labels.add("Pays", "applicant.country");
  labels.add("البلد", "applicant.country");
  EXPECT_EQ(labels.path_of("  PAYS : "), "applicant.country");
  EXPECT_EQ(labels.path_of("pays*"), "applicant.country");
  EXPECT_EQ(labels.path_of("البلد:"), "applicant.country");
  EXPECT_EQ(labels.path_of("budget.total"), "budget.total");  // a path written as such
  EXPECT_EQ(labels.path_of("Paysage"), std::nullopt);
}

}  // namespace
}  // namespace shortlist::ingest
