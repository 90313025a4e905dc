#include "core/report/html_text.h"

#include <gtest/gtest.h>

namespace shortlist::report {
namespace {

TEST(IsolateQuoted, IsolatesEachQuotedTermSoRightToLeftTermsKeepTheirOrder) {
  EXPECT_EQ(isolate_quoted("matched 'تجارة رقمية' and 'e-commerce' twice"),
            "matched <bdi>&#39;تجارة رقمية&#39;</bdi> and <bdi>&#39;e-commerce&#39;</bdi> twice");
  EXPECT_EQ(isolate_quoted("near-duplicate of “سوق إلكتروني” (KE-1)"),
            "near-duplicate of <bdi>“سوق إلكتروني”</bdi> (KE-1)");
  EXPECT_EQ(isolate_quoted("«a & b»"), "<bdi>«a &amp; b»</bdi>");
}

TEST(IsolateQuoted, LeavesApostrophesWithinWordsAndEscapesTheRest) {
  EXPECT_EQ(isolate_quoted("l'appel MSMEs' trade <b>"), "l&#39;appel MSMEs&#39; trade &lt;b&gt;");
  EXPECT_EQ(isolate_quoted("'context' 26 words; 'l'objectif' 3"),
            "<bdi>&#39;context&#39;</bdi> 26 words; <bdi>&#39;l&#39;objectif&#39;</bdi> 3");
  EXPECT_EQ(isolate_quoted("an unclosed 'quote"), "an unclosed &#39;quote");
}

}  // namespace
}  // namespace shortlist::report
