# Fuzz targets (tests/fuzz/fuzz_<target>.cpp, each an LLVMFuzzerTestOneInput) and their regression runners.
#
# Every build compiles each target's entry point with regressionmain.cpp into regress_<target>, registered with
# CTest as fuzz/<target>: it replays tests/data/regress/<target>/ (inputs that once crashed, and hostile inputs made
# by hand) plus fixtures in the target's format. With RPCSCOPE_FUZZ (clang; scripts/fuzz configures it with
# -fsanitize=fuzzer-no-link,address,undefined for the whole build) each target is also linked with libFuzzer into
# fuzz_<target>.
set(RPCSCOPE_FUZZ_TARGETS
    httpmessage httpcoding httpstream
    pyro4message serpent pyrojson marshal pickle msgpack
    jrmpmessage javaserialization
    xmlrpcmessage
    traffic tcpreassembly
)
set(_fuzz_dir ${CMAKE_CURRENT_SOURCE_DIR}/fuzz)
set(_regress_dir ${CMAKE_CURRENT_SOURCE_DIR}/data/regress)

add_library(rpcscope_fuzzsupport STATIC
    ${_fuzz_dir}/fuzzchecks.cpp ${_fuzz_dir}/fuzzchecks.h
    ${_fuzz_dir}/fuzzinput.h ${_fuzz_dir}/barehttpdecoder.h
    ${_fuzz_dir}/streamharness.cpp ${_fuzz_dir}/streamharness.h
)
target_include_directories(rpcscope_fuzzsupport PUBLIC ${_fuzz_dir})
target_link_libraries(rpcscope_fuzzsupport PUBLIC rpcscope_core Qt6::Core)
# No QObjects here: skip moc, which would add a compile step per target.
set_target_properties(rpcscope_fuzzsupport PROPERTIES AUTOMOC OFF)

# Fixtures replayed besides the regression inputs, for targets whose input format they already are.
set(_fuzz_fixtures_javaserialization ${CMAKE_CURRENT_SOURCE_DIR}/data/jrmp/serialization)

foreach(target IN LISTS RPCSCOPE_FUZZ_TARGETS)
    set(libs rpcscope_fuzzsupport rpcscope_core)
    if(target STREQUAL "tcpreassembly")
        list(APPEND libs rpcscope_capture)
    endif()

    add_executable(regress_${target} ${_fuzz_dir}/fuzz_${target}.cpp ${_fuzz_dir}/regressionmain.cpp)
    target_link_libraries(regress_${target} PRIVATE ${libs})
    set_target_properties(regress_${target} PROPERTIES AUTOMOC OFF)
    add_test(NAME fuzz/${target} COMMAND regress_${target} ${_regress_dir}/${target} ${_fuzz_fixtures_${target}})
    set_tests_properties(fuzz/${target} PROPERTIES TIMEOUT 60 LABELS "fuzz")

    if(RPCSCOPE_FUZZ)
        add_executable(fuzz_${target} ${_fuzz_dir}/fuzz_${target}.cpp)
        target_link_libraries(fuzz_${target} PRIVATE ${libs})
        target_link_options(fuzz_${target} PRIVATE -fsanitize=fuzzer)
        set_target_properties(fuzz_${target} PROPERTIES AUTOMOC OFF)
    endif()
endforeach()
