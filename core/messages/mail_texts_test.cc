#include "core/messages/mail_texts.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace shortlist {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

MailTexts texts(const std::string& language) {
  Expected<MailTexts> opened = MailTexts::open(bundled_messages_dir(), language);
  EXPECT_TRUE(opened) << opened.problems()[0].message;
  return std::move(opened).value();
}

TEST(MailTexts, WritesTheReceiptInEachLanguageWithCodeKeyAndClosingDate) {
  struct Case {
    const char* language;
    const char* subject;
    const char* key_line;
    const char* closes;
  };
  for (const Case& c : {
           Case{"en", "We have received your application “Paperless trade”", "Edit key: K-1",
                "May 31, 2026"},
           Case{"fr", "Nous avons bien reçu votre candidature « Paperless trade »",
                "Clé de modification : K-1", "31 mai 2026"},
           Case{"es", "Hemos recibido su solicitud «Paperless trade»", "Clave de edición: K-1",
                "31 de mayo de 2026"},
           Case{"ar", "تلقّينا طلبكم «\u2068Paperless trade\u2069»", "مفتاح التعديل: K-1\n", "٢٠٢٦"},
       }) {
    const MailText mail =
        texts(c.language)
            .receipt("Paperless trade", "7Q2M-KD4X-9TBW", "K-1", "2026-05-31T12:00:00Z");
    EXPECT_EQ(mail.subject, c.subject) << c.language;
    EXPECT_THAT(mail.body, HasSubstr(c.key_line)) << c.language;
    EXPECT_THAT(mail.body, HasSubstr("7Q2M-KD4X-9TBW")) << c.language;
    EXPECT_THAT(mail.body, HasSubstr(c.closes)) << c.language;
  }
}

TEST(MailTexts, ListsEachReasonOfAnIncompleteProposal) {
  const MailText mail = texts("en").status_notice("invalid", "Trade portal", "CODE",
                                                  {"the budget has no total", "no summary"});
  EXPECT_EQ(mail.subject, "Your proposal “Trade portal” is incomplete");
  EXPECT_THAT(mail.body, HasSubstr("reasons:\n  - the budget has no total\n  - no summary\n"));
}

TEST(MailTexts, FallsBackToEnglishForALanguageWithoutACatalogue) {
  EXPECT_EQ(texts("pt").language(), "en");
  EXPECT_EQ(texts("fr-CA").language(), "fr");
  EXPECT_EQ(texts("pt").status_notice("eligible", "T", "C", {}).subject,
            "Your proposal “T” is eligible");
}

TEST(MailTexts, IsolatesFreeTextInRightToLeftTextButNeverACode) {
  const MailText ar = texts("ar").decision("not_awarded", "Portail", "CODE-1", "budget");
  EXPECT_THAT(ar.body, HasSubstr("«\u2068Portail\u2069»"));
  EXPECT_THAT(ar.body, HasSubstr("السبب: \u2068budget\u2069"));
  EXPECT_THAT(ar.body, HasSubstr("(رمز التتبع CODE-1)")) << "copied as it is, with nothing hidden";
  EXPECT_THAT(ar.body, HasSubstr("القرار: غير مقبول"));
  const MailText fr = texts("fr").decision("not_awarded", "Portail", "CODE-1", "budget");
  EXPECT_THAT(fr.body, Not(HasSubstr("\u2068")));
  EXPECT_THAT(fr.body, HasSubstr("Décision : non retenue\nMotif : budget"));
}

}  // namespace
}  // namespace shortlist
