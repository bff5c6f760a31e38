# investtrack_forbid_links(<target> <forbidden target>...)
#
# Fails the configure step when <target> links any of the forbidden targets, directly or through
# the targets it links (their LINK_LIBRARIES and INTERFACE_LINK_LIBRARIES, followed to the end).
# This is how the build keeps a layer's dependency rule (docs/architecture.md, "Dependency
# rules"): the application layer links no gRPC, for instance. Call it once every target it may
# reach is defined.
function(investtrack_forbid_links target)
  set(pending ${target})
  set(seen)
  while(pending)
    list(POP_FRONT pending current)
    if(current IN_LIST seen OR NOT TARGET ${current})
      continue()
    endif()
    list(APPEND seen ${current})
    get_target_property(type ${current} TYPE)
    set(links)
    if(NOT type STREQUAL "INTERFACE_LIBRARY")
      get_target_property(direct ${current} LINK_LIBRARIES)
      if(direct)
        list(APPEND links ${direct})
      endif()
    endif()
    get_target_property(interface ${current} INTERFACE_LINK_LIBRARIES)
    if(interface)
      list(APPEND links ${interface})
    endif()
    foreach(link ${links})
      # A static library's private dependencies reach its users as $<LINK_ONLY:...>.
      string(REGEX REPLACE "^\\$<LINK_ONLY:(.*)>$" "\\1" link "${link}")
      if(link IN_LIST ARGN)
        message(FATAL_ERROR "${target} must not link ${link} (reached through ${current}): "
                            "see docs/architecture.md, Dependency rules")
      endif()
      list(APPEND pending ${link})
    endforeach()
  endwhile()
endfunction()
