# Registers jiceng_tests with CTest as one test per GoogleTest suite and store, not one per
# test: "HttpTest/sqlite" runs every Stores/HttpTest.*/sqlite test in one process, so the
# jieba dictionaries load and the server binary starts once per suite instead of once per
# test, while `ctest -j N` still spreads the suites over the cores. Included by CTest at
# test time (TEST_INCLUDE_FILES), so the list follows the binary without a post-build step.
# Inputs: JICENG_TEST_EXE (the test binary), JICENG_TEST_TIMEOUT (seconds per suite).
if(NOT EXISTS "${JICENG_TEST_EXE}")
  add_test(jiceng_tests_NOT_BUILT "${JICENG_TEST_EXE}")
  return()
endif()
execute_process(COMMAND "${JICENG_TEST_EXE}" --gtest_list_tests
  OUTPUT_VARIABLE listing RESULT_VARIABLE rc TIMEOUT 120)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${JICENG_TEST_EXE} --gtest_list_tests failed (${rc}):\n${listing}")
endif()
string(REPLACE ";" "\\;" listing "${listing}")
string(REPLACE "\n" ";" lines "${listing}")
set(groups "")
set(suite "")
foreach(line IN LISTS lines)
  if(line MATCHES "^([^ #][^ ]*)\\.")
    set(suite "${CMAKE_MATCH_1}")
  elseif(line MATCHES "^  ([^ ]+)" AND NOT suite STREQUAL "")
    set(test "${CMAKE_MATCH_1}")
    # Parameterized by store ("Stores/HttpTest.Foo/sqlite"): one group per store.
    if(test MATCHES "/([A-Za-z0-9_]+)$")
      set(param "${CMAKE_MATCH_1}")
      string(REGEX REPLACE "^.*/" "" name "${suite}")
      set(group "${name}/${param}")
      set(filter "${suite}.*/${param}")
    else()
      set(group "${suite}")
      set(filter "${suite}.*")
    endif()
    if(NOT DEFINED count_${group})
      list(APPEND groups "${group}")
      set(count_${group} 0)
      set(filter_${group} "${filter}")
    endif()
    math(EXPR count_${group} "${count_${group}} + 1")
  endif()
endforeach()
foreach(group IN LISTS groups)
  add_test("${group}" "${JICENG_TEST_EXE}" "--gtest_filter=${filter_${group}}")
  # COST orders a first run (no timings yet) biggest suite first; later runs use CTest's
  # measured times.
  set_tests_properties("${group}" PROPERTIES TIMEOUT ${JICENG_TEST_TIMEOUT}
    COST ${count_${group}})
endforeach()
