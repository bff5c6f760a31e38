# investtrack_cpp_protos(<target> PROTO_DIR <dir> PROTOS <file.proto>...)
#
# Two static libraries of the C++ code protoc generates for PROTOS (paths relative to PROTO_DIR,
# which is also the import path), in this directory's build tree: generated code is never
# committed. <target> holds the messages and links protobuf only; <target>_grpc holds the gRPC
# service stubs and links <target> and gRPC. Code that uses the messages without serving or
# calling a service (the store, the application layer) links <target> and so never links gRPC.
# Their headers are a SYSTEM include directory and they build without warnings, since generated
# code is not ours to fix.
function(investtrack_cpp_protos target)
  cmake_parse_arguments(ARG "" "PROTO_DIR" "PROTOS" ${ARGN})
  set(out ${CMAKE_CURRENT_BINARY_DIR}/gen)
  file(MAKE_DIRECTORY ${out})
  set(messages)
  set(services)
  foreach(proto ${ARG_PROTOS})
    string(REGEX REPLACE "\\.proto$" "" base ${proto})
    add_custom_command(
      OUTPUT ${out}/${base}.pb.cc ${out}/${base}.pb.h ${out}/${base}.grpc.pb.cc ${out}/${base}.grpc.pb.h
      COMMAND protobuf::protoc
        -I ${ARG_PROTO_DIR}
        --cpp_out=${out}
        --grpc_out=${out}
        --plugin=protoc-gen-grpc=$<TARGET_FILE:gRPC::grpc_cpp_plugin>
        ${ARG_PROTO_DIR}/${proto}
      DEPENDS ${ARG_PROTO_DIR}/${proto} protobuf::protoc
      COMMENT "protoc ${proto} (${target})")
    list(APPEND messages ${out}/${base}.pb.cc)
    list(APPEND services ${out}/${base}.grpc.pb.cc)
  endforeach()
  add_library(${target} STATIC ${messages})
  target_include_directories(${target} SYSTEM PUBLIC ${out})
  target_link_libraries(${target} PUBLIC protobuf::libprotobuf)
  target_compile_options(${target} PRIVATE -w)
  add_library(${target}_grpc STATIC ${services})
  target_link_libraries(${target}_grpc PUBLIC ${target} gRPC::grpc++)
  target_compile_options(${target}_grpc PRIVATE -w)
endfunction()
