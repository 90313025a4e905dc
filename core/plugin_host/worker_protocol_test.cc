#include "core/plugin_host/worker_protocol.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <limits>
#include <thread>

#include "core/plugin_host/plugin_process.h"

namespace shortlist::plugin_host {
namespace {

Proposal sample() {
  Proposal p;
  p.id = "sn-1";
  p.title = "Vendre en ligne au-delà des frontières";
  p.language = "fr";
  p.summary = "Formation des artisanes au commerce électronique.";
  p.tracking_code = "7Q2M-KD4X-9TBW";
  p.submitted_at = "2026-03-01T09:30:00.250Z";
  p.languages = {{"fr", 80}, {"zh", 18}};
  p.sections = {{"contexte", "Les exportatrices attendent.", "fr", {{"fr", 99}}},
                {"资料", "出口商仍在等待 eBL。", "zh", {{"zh", 70}, {"en", 20}}}};
  p.fields["budget.total"] = 0.1 + 0.2;  // not exact in decimal
  p.fields["beneficiaries.msmes"] = 450.0;
  p.fields["applicant.name"] = std::string("Association des femmes");
  return p;
}

// Found by fuzzing: a worker runs third-party code, and a description it
// sends without a field, or with one of the wrong type, threw out of the
// host's reading of it.
TEST(WorkerProtocol, RefusesAPluginAWorkerDescribesWrongly) {
  PluginFileRead out;
  PluginProcess::read_description(
      *parse_object(
          R"({"name": "words", "version": "1.0.0", "description": "x", "measures": "words"})"),
      out);
  EXPECT_EQ(out.refused,
            "the worker described the plugin wrongly (its description needs name, version, "
            "description, measures, sha256, abi_major, abi_minor and corpus_pass): 'measures' is "
            "not a list of names");
  PluginFileRead missing;
  PluginProcess::read_description(*parse_object(R"({"name": "words"})"), missing);
  EXPECT_THAT(missing.refused, ::testing::StartsWith("the worker described the plugin wrongly"));
  PluginFileRead silent;
  PluginProcess::read_description(*parse_object(R"({"error": ""})"), silent);
  EXPECT_EQ(silent.refused, "the worker refused the plugin without saying why");
}

// The worker checks a plugin's ABI as the host does in process; the host
// checks again what the worker says, which comes from another build of the
// worker program as easily as from a plugin that lies.
TEST(WorkerProtocol, RefusesAPluginTheWorkerSaysNeedsANewerHost) {
  const std::string description =
      R"({"name": "words", "version": "1.0.0", "description": "x", "measures": ["words"],
          "sha256": "00", "abi_major": 1, "abi_minor": MINOR, "corpus_pass": false})";
  auto with_minor = [&](const std::string& minor) {
    std::string text = description;
    text.replace(text.find("MINOR"), 5, minor);
    PluginFileRead out;
    PluginProcess::read_description(*parse_object(text), out);
    return out;
  };
  const PluginFileRead newer = with_minor(std::to_string(SL_ABI_MINOR + 1));
  EXPECT_EQ(newer.refused, "needs plugin ABI 1.4, newer than this host's 1.3: update Shortlist");
  EXPECT_EQ(newer.name, "words");
  const PluginFileRead older = with_minor("0");
  EXPECT_EQ(older.refused, "");
  EXPECT_EQ(older.plugin.abi_minor, 0);
}

TEST(WorkerProtocol, CarriesAProposalAndAScoreExactly) {
  std::string message;
  append(message, 2u);
  append(message, sample());
  append(message, sample());
  CriterionScore score{0.1 + 0.2, "", "", "passage \u201cpartagé\u201d", {{"sn-2", "texte"}}};
  append(message, score);

  Decoder in(message);
  std::uint32_t count = 0;
  ASSERT_TRUE(in.read(count));
  EXPECT_EQ(count, 2u);
  Proposal a, b;
  ASSERT_TRUE(in.read(a));
  ASSERT_TRUE(in.read(b));
  EXPECT_EQ(a.title, sample().title);
  // Which of two proposals came first, and how to name it, reach a plugin
  // in its own process as they reach one in the host's.
  EXPECT_EQ(a.tracking_code, "7Q2M-KD4X-9TBW");
  EXPECT_EQ(a.submitted_at, "2026-03-01T09:30:00.250Z");
  ASSERT_EQ(a.sections.size(), 2u);
  EXPECT_EQ(a.sections[1].language, "zh");
  ASSERT_EQ(a.sections[1].languages.size(), 2u);
  EXPECT_EQ(a.sections[1].languages[1].code, "en");
  EXPECT_EQ(a.sections[1].languages[1].percent, 20);
  ASSERT_EQ(a.languages.size(), 2u);
  EXPECT_EQ(a.languages[0].percent, 80);
  EXPECT_EQ(std::get<double>(a.fields.at("budget.total")), 0.1 + 0.2);  // every bit
  EXPECT_EQ(std::get<std::string>(a.fields.at("applicant.name")), "Association des femmes");
  CriterionScore back;
  ASSERT_TRUE(in.read(back));
  EXPECT_EQ(*back.raw, 0.1 + 0.2);
  EXPECT_EQ(back.explanation, score.explanation);
  ASSERT_EQ(back.evidence.size(), 1u);
  EXPECT_EQ(back.evidence[0].label, "sn-2");
  EXPECT_TRUE(in.done());
}

TEST(WorkerProtocol, RefusesATruncatedMessage) {
  std::string message;
  append(message, sample());
  for (std::size_t cut : {std::size_t{0}, std::size_t{3}, message.size() / 2, message.size() - 1}) {
    Proposal p;
    EXPECT_FALSE(Decoder(std::string_view(message).substr(0, cut)).read(p)) << cut;
  }
  CriterionScore missing;
  missing.missing_reason = "no budget";
  std::string encoded;
  append(encoded, missing);
  CriterionScore back;
  ASSERT_TRUE(Decoder(encoded).read(back));
  EXPECT_FALSE(back.raw);
  EXPECT_EQ(back.missing_reason, "no budget");
}

TEST(WorkerProtocol, ReadsFramesWrittenInOneGoOrInPiecesAndTimesOut) {
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  FrameReader reader(pipe_fds[0]);
  ASSERT_TRUE(write_frame(pipe_fds[1], "first"));
  // Larger than the pipe holds: it arrives in pieces, as the reader reads.
  std::thread late([&] {
    write_frame(pipe_fds[1], std::string(100000, 'x'));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    write_frame(pipe_fds[1], "third");
  });
  std::string payload;
  EXPECT_EQ(reader.next(payload, std::chrono::seconds(5)), FrameRead::Ok);
  EXPECT_EQ(payload, "first");
  EXPECT_EQ(reader.next(payload, std::chrono::seconds(5)), FrameRead::Ok);
  EXPECT_EQ(payload.size(), 100000u);
  EXPECT_EQ(reader.next(payload, std::chrono::seconds(5)), FrameRead::Ok);
  EXPECT_EQ(payload, "third");
  late.join();
  EXPECT_EQ(reader.next(payload, std::chrono::milliseconds(20)), FrameRead::TimedOut);
  close(pipe_fds[1]);
  EXPECT_EQ(reader.next(payload, std::chrono::seconds(5)), FrameRead::Closed);
  close(pipe_fds[0]);
}

TEST(WorkerProtocol, FramesQueuedOnOneThreadAndFlushedOnAnotherArriveWholeAndInOrder) {
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  FrameWriter writer(pipe_fds[1]);
  constexpr int kFrames = 20000;
  std::atomic<bool> done{false};
  std::thread flusher([&] {
    while (!done) writer.flush();
  });
  std::thread reader_thread([&] {
    FrameReader reader(pipe_fds[0]);
    std::string payload;
    for (int i = 0; i < kFrames; ++i) {
      ASSERT_EQ(reader.next(payload, std::chrono::seconds(10)), FrameRead::Ok) << i;
      // Lengths vary so that a frame cut or interleaved would misread the next.
      ASSERT_EQ(payload, std::to_string(i) + std::string(static_cast<std::size_t>(i % 97), '.'));
    }
  });
  for (int i = 0; i < kFrames; ++i) {
    writer.queue(std::to_string(i) + std::string(static_cast<std::size_t>(i % 97), '.'));
  }
  EXPECT_TRUE(writer.flush());
  done = true;
  flusher.join();
  reader_thread.join();
  close(pipe_fds[0]);
  writer.queue("x");
  EXPECT_FALSE(writer.flush()) << "the reader is gone";
  close(pipe_fds[1]);
}

// A host that embeds the library keeps its own SIGPIPE handling: writing to
// a worker that is gone fails, without the signal, whatever its disposition.
TEST(WorkerProtocol, WritesToAWorkerThatIsGoneWithoutRaisingSigpipe) {
  struct sigaction default_action {
  }, before{};
  default_action.sa_handler = SIG_DFL;
  sigaction(SIGPIPE, &default_action, &before);
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  close(pipe_fds[0]);
  EXPECT_FALSE(write_frame(pipe_fds[1], "anyone there?"));
  FrameWriter writer(pipe_fds[1]);
  writer.queue("x");
  EXPECT_FALSE(writer.flush());
  sigset_t pending;
  sigpending(&pending);
  EXPECT_EQ(sigismember(&pending, SIGPIPE), 0) << "a SIGPIPE was left pending";
  close(pipe_fds[1]);
  struct sigaction now {};
  sigaction(SIGPIPE, &before, &now);
  EXPECT_EQ(now.sa_handler, SIG_DFL) << "the disposition was changed";
}

}  // namespace
}  // namespace shortlist::plugin_host
