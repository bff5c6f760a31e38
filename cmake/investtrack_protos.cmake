# investtrack_cpp_protos(<target> PROTO_DIR <dir> PROTOS <file.proto>...)
#
# A static library of the C++ messages and gRPC stubs protoc generates for PROTOS (paths relative
# to PROTO_DIR, which is also the import path), in this directory's build tree: generated code is
# never committed. Its headers are a SYSTEM include directory and it builds without warnings,
# since generated code is not ours to fix.
function(investtrack_cpp_protos target)
  cmake_parse_arguments(ARG "" "PROTO_DIR" "PROTOS" ${ARGN})
  set(out ${CMAKE_CURRENT_BINARY_DIR}/gen)
  file(MAKE_DIRECTORY ${out})
  set(sources)
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
    list(APPEND sources ${out}/${base}.pb.cc ${out}/${base}.grpc.pb.cc)
  endforeach()
  add_library(${target} STATIC ${sources})
  target_include_directories(${target} SYSTEM PUBLIC ${out})
  target_link_libraries(${target} PUBLIC protobuf::libprotobuf gRPC::grpc++)
  target_compile_options(${target} PRIVATE -w)
endfunction()
