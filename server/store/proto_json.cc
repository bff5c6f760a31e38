#include "proto_json.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string_view>
#include <vector>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/json_util.h>

namespace investtrack::store {

namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

bool is_well_known(const Descriptor& type) { return type.file()->package() == "google.protobuf"; }

// Whether `text` is well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF), which
// is what a JSON string may carry.
bool is_utf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const unsigned char* end = p + text.size();
  while (p < end) {
    const unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int length = 0;
    std::uint32_t code = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      length = 2;
      code = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3;
      code = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4;
      code = c & 0x07u;
    } else {
      return false;
    }
    if (end - p < length) return false;
    for (int i = 1; i < length; ++i) {
      if ((p[i] & 0xC0u) != 0x80u) return false;
      code = (code << 6) | (p[i] & 0x3Fu);
    }
    if ((length == 3 && (code < 0x800 || (code >= 0xD800 && code <= 0xDFFF))) ||
        (length == 4 && (code < 0x10000 || code > 0x10FFFF))) {
      return false;
    }
    p += length;
  }
  return true;
}

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  // False when the message holds something left to protobuf's writer (see the header).
  bool message(const Message& message) {
    const Reflection& reflection = *message.GetReflection();
    std::vector<const FieldDescriptor*> fields;
    reflection.ListFields(message, &fields);  // set fields, by number, as protobuf prints them
    out_.push_back('{');
    bool first = true;
    for (const FieldDescriptor* field : fields) {
      if (field->is_map() || field->is_extension()) return false;
      if (!first) out_.push_back(',');
      first = false;
      out_.push_back('"');
      out_.append(field->name());  // proto field names are ASCII identifiers
      out_.append("\":");
      if (field->is_repeated()) {
        out_.push_back('[');
        const int size = reflection.FieldSize(message, field);
        for (int i = 0; i < size; ++i) {
          if (i > 0) out_.push_back(',');
          if (!value(message, reflection, field, i)) return false;
        }
        out_.push_back(']');
      } else if (!value(message, reflection, field, -1)) {
        return false;
      }
    }
    out_.push_back('}');
    return true;
  }

 private:
  // The field's value (element `index` of a repeated field, or the value of a singular one when
  // index is -1).
  bool value(const Message& message, const Reflection& reflection, const FieldDescriptor* field,
             int index) {
    const bool repeated = index >= 0;
    // The value through the singular or the repeated getter of its type.
    const auto get = [&](auto singular, auto element) {
      return repeated ? (reflection.*element)(message, field, index)
                      : (reflection.*singular)(message, field);
    };
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32:
        integer(get(&Reflection::GetInt32, &Reflection::GetRepeatedInt32));
        return true;
      case FieldDescriptor::CPPTYPE_UINT32:
        integer(get(&Reflection::GetUInt32, &Reflection::GetRepeatedUInt32));
        return true;
      case FieldDescriptor::CPPTYPE_INT64:  // 64-bit integers are JSON strings in proto3 JSON
        quoted_integer(get(&Reflection::GetInt64, &Reflection::GetRepeatedInt64));
        return true;
      case FieldDescriptor::CPPTYPE_UINT64:
        quoted_integer(get(&Reflection::GetUInt64, &Reflection::GetRepeatedUInt64));
        return true;
      case FieldDescriptor::CPPTYPE_DOUBLE:
        floating(get(&Reflection::GetDouble, &Reflection::GetRepeatedDouble));
        return true;
      case FieldDescriptor::CPPTYPE_FLOAT:
        floating(get(&Reflection::GetFloat, &Reflection::GetRepeatedFloat));
        return true;
      case FieldDescriptor::CPPTYPE_BOOL:
        out_.append(get(&Reflection::GetBool, &Reflection::GetRepeatedBool) ? "true" : "false");
        return true;
      case FieldDescriptor::CPPTYPE_ENUM: {
        const int number = get(&Reflection::GetEnumValue, &Reflection::GetRepeatedEnumValue);
        // An unknown value (a newer writer's) is printed as its number, as protobuf does.
        if (const auto* known = field->enum_type()->FindValueByNumber(number)) {
          out_.push_back('"');
          out_.append(known->name());
          out_.push_back('"');
        } else {
          integer(number);
        }
        return true;
      }
      case FieldDescriptor::CPPTYPE_STRING: {
        std::string scratch;
        const std::string& text =
            repeated ? reflection.GetRepeatedStringReference(message, field, index, &scratch)
                     : reflection.GetStringReference(message, field, &scratch);
        if (field->type() == FieldDescriptor::TYPE_BYTES) {
          base64(text);
          return true;
        }
        return string(text);
      }
      case FieldDescriptor::CPPTYPE_MESSAGE: {
        const Message& child = repeated ? reflection.GetRepeatedMessage(message, field, index)
                                        : reflection.GetMessage(message, field);
        if (is_well_known(*child.GetDescriptor())) {
          // Timestamps, wrappers and the like have JSON forms of their own.
          out_.append(protobuf_to_json(child));
          return true;
        }
        return this->message(child);
      }
    }
    return false;
  }

  template <typename Integer>
  void integer(Integer value) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    out_.append(digits, end);
  }

  template <typename Integer>
  void quoted_integer(Integer value) {
    out_.push_back('"');
    integer(value);
    out_.push_back('"');
  }

  template <typename Floating>
  void floating(Floating value) {
    if (std::isnan(value)) {
      out_.append("\"NaN\"");
    } else if (std::isinf(value)) {
      out_.append(value > 0 ? "\"Infinity\"" : "\"-Infinity\"");
    } else {
      // The shortest text that reads back as the same value, as protobuf prints it.
      char digits[32];
      const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
      out_.append(digits, end);
    }
  }

  bool string(std::string_view text) {
    if (!is_utf8(text)) return false;
    out_.push_back('"');
    std::size_t plain = 0;  // start of the run copied as it is
    for (std::size_t i = 0; i < text.size(); ++i) {
      const auto c = static_cast<unsigned char>(text[i]);
      if (c >= 0x20 && c != '"' && c != '\\') continue;
      out_.append(text.substr(plain, i - plain));
      plain = i + 1;
      switch (c) {
        case '"':
          out_.append("\\\"");
          break;
        case '\\':
          out_.append("\\\\");
          break;
        case '\n':
          out_.append("\\n");
          break;
        case '\r':
          out_.append("\\r");
          break;
        case '\t':
          out_.append("\\t");
          break;
        case '\b':
          out_.append("\\b");
          break;
        case '\f':
          out_.append("\\f");
          break;
        default: {
          static constexpr char kHex[] = "0123456789abcdef";
          out_.append("\\u00");
          out_.push_back(kHex[c >> 4]);
          out_.push_back(kHex[c & 0x0F]);
        }
      }
    }
    out_.append(text.substr(plain));
    out_.push_back('"');
    return true;
  }

  void base64(std::string_view bytes) {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    out_.push_back('"');
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
      const std::uint32_t n = (static_cast<unsigned char>(bytes[i]) << 16) |
                              (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                              static_cast<unsigned char>(bytes[i + 2]);
      for (int shift : {18, 12, 6, 0}) out_.push_back(kAlphabet[(n >> shift) & 0x3F]);
    }
    if (const std::size_t rest = bytes.size() - i; rest > 0) {
      std::uint32_t n = static_cast<unsigned char>(bytes[i]) << 16;
      if (rest == 2) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
      out_.push_back(kAlphabet[(n >> 18) & 0x3F]);
      out_.push_back(kAlphabet[(n >> 12) & 0x3F]);
      out_.push_back(rest == 2 ? kAlphabet[(n >> 6) & 0x3F] : '=');
      out_.push_back('=');
    }
    out_.push_back('"');
  }

  std::string& out_;
};

}  // namespace

std::string protobuf_to_json(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string json;
  const auto status = google::protobuf::util::MessageToJsonString(message, &json, options);
  if (!status.ok()) throw std::runtime_error("proto to JSON: " + status.ToString());
  return json;
}

std::string proto_to_json(const google::protobuf::Message& message) {
  if (is_well_known(*message.GetDescriptor())) return protobuf_to_json(message);
  std::string json;
  if (JsonWriter(json).message(message)) return json;
  return protobuf_to_json(message);
}

}  // namespace investtrack::store
