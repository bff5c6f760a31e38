// proto_to_json must give the same JSON value as protobuf's writer for every message the store
// writes: checked on hand-picked edge cases and on messages filled at random through
// reflection, so a field added to the protos later is covered without touching this test.
#include <cmath>
#include <limits>
#include <random>
#include <string>

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/stubs/logging.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include "investtrack/v1/bulletin.pb.h"
#include "investtrack/v1/bulletin_service.pb.h"
#include "investtrack/v1/project.pb.h"
#include "server/store/proto_json.h"

namespace investtrack::store {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using google::protobuf::util::MessageDifferencer;

// Both texts parsed as generic JSON values (objects, arrays, strings, numbers as doubles).
void expect_same_json_value(const std::string& ours, const std::string& protobuf) {
  google::protobuf::Value a;
  google::protobuf::Value b;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(ours, &a).ok()) << ours;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(protobuf, &b).ok()) << protobuf;
  EXPECT_TRUE(MessageDifferencer::Equals(a, b))
      << "ours:     " << ours << "\nprotobuf: " << protobuf;
}

// Same JSON value as protobuf's writer, and it reads back as the same message as protobuf's
// text does (not always the message itself: -0.0 reads back as an unset 0, for one).
template <typename M>
void expect_like_protobuf(const M& message) {
  const std::string ours = proto_to_json(message);
  const std::string theirs = protobuf_to_json(message);
  expect_same_json_value(ours, theirs);
  M ours_back;
  M theirs_back;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(ours, &ours_back).ok()) << ours;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(theirs, &theirs_back).ok()) << theirs;
  EXPECT_TRUE(MessageDifferencer::Equals(ours_back, theirs_back)) << ours;
}

TEST(ProtoJsonTest, EmptyMessageIsAnEmptyObject) { EXPECT_EQ(proto_to_json(v1::Project()), "{}"); }

TEST(ProtoJsonTest, ScalarsEnumsAndNestedMessagesLookLikeProtobufs) {
  v1::Project project;
  project.set_display_name("“武乡县50MW光伏电站”项目");
  project.set_status(v1::PROJECT_STATUS_OPERATING);
  project.set_ceremony(true);
  project.set_article_index(3);
  project.mutable_total_investment()->set_currency_code("CNY");
  project.mutable_total_investment()->set_units(std::numeric_limits<std::int64_t>::min());
  project.mutable_total_investment()->set_nanos(-500000000);
  v1::Quantity* capacity = project.add_capacities();
  capacity->set_unit("MW");
  capacity->set_value(0.1);
  project.add_capacities()->set_value(1e300);
  project.add_capacities()->set_value(5e-324);
  project.add_capacities()->set_value(-0.0);
  v1::Evidence* evidence = project.add_evidence();
  evidence->set_begin_offset(std::numeric_limits<std::uint64_t>::max());
  evidence->set_sentence("quote \" backslash \\ tab \t newline \n nul \x01 del \x7f <>&\u2028");
  project.add_aliases("");
  project.add_aliases("第二个名字");
  expect_like_protobuf(project);
  // 64-bit integers are strings in proto3 JSON, enums their names.
  const std::string json = proto_to_json(project);
  EXPECT_NE(json.find("\"units\":\"-9223372036854775808\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"status\":\"PROJECT_STATUS_OPERATING\""), std::string::npos) << json;
}

// The text is this writer's own (protobuf's escapes < and > for HTML pages; JSON does not ask
// for it), yet the same JSON value.
TEST(ProtoJsonTest, TheTextIsWrittenHereNotByProtobuf) {
  v1::Project project;
  project.set_display_name("<年产>");
  EXPECT_EQ(proto_to_json(project), "{\"display_name\":\"<年产>\"}");
  EXPECT_NE(protobuf_to_json(project), proto_to_json(project));
  expect_like_protobuf(project);
}

TEST(ProtoJsonTest, NonFiniteNumbersAreTheirNames) {
  v1::Project project;
  project.add_capacities()->set_value(std::numeric_limits<double>::infinity());
  project.add_capacities()->set_value(-std::numeric_limits<double>::infinity());
  project.add_capacities()->set_value(std::numeric_limits<double>::quiet_NaN());
  const std::string json = proto_to_json(project);
  expect_same_json_value(json, protobuf_to_json(project));
  EXPECT_NE(json.find("\"Infinity\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"-Infinity\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"NaN\""), std::string::npos) << json;
}

TEST(ProtoJsonTest, AnUnknownEnumValueIsItsNumber) {
  v1::Project project;
  project.set_status(static_cast<v1::ProjectStatus>(977));
  expect_like_protobuf(project);
  EXPECT_EQ(proto_to_json(project), "{\"status\":977}");
}

TEST(ProtoJsonTest, BytesAreBase64WithPadding) {
  for (const std::string& content : {std::string(""), std::string("a"), std::string("ab"),
                                     std::string("abc"), std::string("\xff\x00\x80 \xfe", 5)}) {
    v1::Bulletin bulletin;
    bulletin.set_content(content);
    expect_like_protobuf(bulletin);
  }
  v1::Bulletin bulletin;
  bulletin.set_content("ab");
  EXPECT_EQ(proto_to_json(bulletin), "{\"content\":\"YWI=\"}");
}

TEST(ProtoJsonTest, WellKnownTypesKeepTheirOwnForm) {
  v1::Project project;
  project.mutable_update_time()->set_seconds(1700000000);
  project.mutable_update_time()->set_nanos(5000);
  expect_like_protobuf(project);
  EXPECT_NE(proto_to_json(project).find("\"update_time\":\"2023-11-14T22:13:20.000005Z\""),
            std::string::npos)
      << proto_to_json(project);
  expect_like_protobuf(project.update_time());
}

TEST(ProtoJsonTest, InvalidUtf8GoesToProtobufsWriter) {
  const google::protobuf::LogSilencer quiet;  // protobuf logs each invalid string it serializes
  v1::Project project;
  project.set_display_name("ok");
  for (const std::string& bad :
       {std::string("\xff"), std::string("\xc0\x80"), std::string("\xed\xa0\x80"),
        std::string("\xf4\x90\x80\x80"), std::string("\xe6\x9d")}) {
    project.add_aliases(bad);
    std::string expected;
    google::protobuf::util::JsonPrintOptions options;
    options.preserve_proto_field_names = true;
    const auto status = google::protobuf::util::MessageToJsonString(project, &expected, options);
    ASSERT_TRUE(status.ok());
    EXPECT_EQ(proto_to_json(project), expected);
    project.clear_aliases();
  }
}

// Sets every field of `message` (recursively, to `depth` levels) to a value drawn from edge
// cases and random text, or leaves it unset.
class RandomFiller {
 public:
  explicit RandomFiller(std::uint32_t seed) : random_(seed) {}

  void fill(Message& message, int depth) {
    const auto* descriptor = message.GetDescriptor();
    const Reflection& reflection = *message.GetReflection();
    for (int i = 0; i < descriptor->field_count(); ++i) {
      const FieldDescriptor* field = descriptor->field(i);
      if (pick(3) == 0) continue;  // unset
      const int count = field->is_repeated() ? pick(4) : 1;
      for (int n = 0; n < count; ++n) set(message, reflection, field, depth);
    }
  }

 private:
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(random_); }

  std::string text() {
    static const std::vector<std::string> kPieces = {"",     "项目", "光伏",   "\"", "\\",
                                                     "\n",   "\t",   "\x1f",   "a",  "MW",
                                                     "万元", "🙂", "\u2028", "/"};
    std::string out;
    for (int i = pick(6); i > 0; --i) out += kPieces[static_cast<std::size_t>(pick(14))];
    return out;
  }

  double number() {
    static const std::vector<double> kEdges = {
        0.0, -0.0, 0.1, 1.0 / 3, 12000, 1e-7, 1e21, -2.5e10, 5e-324, 1.7976931348623157e308};
    if (pick(2) == 0) return kEdges[static_cast<std::size_t>(pick(10))];
    return std::uniform_real_distribution<double>(-1e6, 1e6)(random_);
  }

  void set(Message& message, const Reflection& reflection, const FieldDescriptor* field,
           int depth) {
    const bool repeated = field->is_repeated();
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32: {
        const auto v = static_cast<std::int32_t>(random_());
        repeated ? reflection.AddInt32(&message, field, v)
                 : reflection.SetInt32(&message, field, v);
        break;
      }
      case FieldDescriptor::CPPTYPE_UINT32: {
        const auto v = static_cast<std::uint32_t>(random_());
        repeated ? reflection.AddUInt32(&message, field, v)
                 : reflection.SetUInt32(&message, field, v);
        break;
      }
      case FieldDescriptor::CPPTYPE_INT64: {
        const auto v = static_cast<std::int64_t>((std::uint64_t{random_()} << 32) | random_());
        repeated ? reflection.AddInt64(&message, field, v)
                 : reflection.SetInt64(&message, field, v);
        break;
      }
      case FieldDescriptor::CPPTYPE_UINT64: {
        const auto v = (std::uint64_t{random_()} << 32) | random_();
        repeated ? reflection.AddUInt64(&message, field, v)
                 : reflection.SetUInt64(&message, field, v);
        break;
      }
      case FieldDescriptor::CPPTYPE_DOUBLE: {
        const double v = number();
        repeated ? reflection.AddDouble(&message, field, v)
                 : reflection.SetDouble(&message, field, v);
        break;
      }
      case FieldDescriptor::CPPTYPE_FLOAT: {
        const auto v = static_cast<float>(number());
        repeated ? reflection.AddFloat(&message, field, v)
                 : reflection.SetFloat(&message, field, v);
        break;
      }
      case FieldDescriptor::CPPTYPE_BOOL: {
        const bool v = pick(2) == 0;
        repeated ? reflection.AddBool(&message, field, v) : reflection.SetBool(&message, field, v);
        break;
      }
      case FieldDescriptor::CPPTYPE_ENUM: {
        const auto* type = field->enum_type();
        const int v = type->value(pick(type->value_count()))->number();
        repeated ? reflection.AddEnumValue(&message, field, v)
                 : reflection.SetEnumValue(&message, field, v);
        break;
      }
      case FieldDescriptor::CPPTYPE_STRING: {
        std::string v = text();
        repeated ? reflection.AddString(&message, field, std::move(v))
                 : reflection.SetString(&message, field, std::move(v));
        break;
      }
      case FieldDescriptor::CPPTYPE_MESSAGE: {
        if (depth == 0) break;
        Message* child = repeated ? reflection.AddMessage(&message, field)
                                  : reflection.MutableMessage(&message, field);
        if (field->message_type()->full_name() == "google.protobuf.Timestamp") {
          auto* timestamp = static_cast<google::protobuf::Timestamp*>(child);
          timestamp->set_seconds(pick(2'000'000'000));
          timestamp->set_nanos(pick(1000) * 1000);
        } else {
          fill(*child, depth - 1);
        }
        break;
      }
    }
  }

  std::mt19937 random_;
};

TEST(ProtoJsonTest, RandomMessagesLookLikeProtobufs) {
  RandomFiller filler(20261127);
  for (int i = 0; i < 300; ++i) {
    v1::Project project;
    filler.fill(project, 3);
    expect_like_protobuf(project);
    v1::ParseResult result;
    filler.fill(result, 3);
    expect_like_protobuf(result);
    if (HasFailure()) break;
  }
}

}  // namespace
}  // namespace investtrack::store
