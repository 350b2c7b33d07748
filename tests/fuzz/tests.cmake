# Fuzz targets (tests/fuzz/fuzz_<target>.cpp, each an LLVMFuzzerTestOneInput) and their regression runners.
#
# Every build compiles each target's entry point with regressionmain.cpp into regress_<target>, registered with
# CTest as fuzz/<target>: it replays tests/data/regress/<target>/ (inputs that once crashed, and hostile inputs made
# by hand) plus fixtures in the target's format, then runs mutants of them for RPCSCOPE_FUZZ_SECONDS. With RPCSCOPE_FUZZ (clang; scripts/fuzz configures it with
# -fsanitize=fuzzer-no-link,address,undefined for the whole build) each target is also linked with libFuzzer into
# fuzz_<target>.
set(RPCSCOPE_FUZZ_TARGETS
    httpmessage httpcoding httpstream
    pyro4message pyro5message serpent pyrojson marshal pickle msgpack pyroendpoints
    jrmpmessage jrmpendpoints javaserialization javaclassfile jarreader
    xmlrpcmessage
    traffic tcpreassembly tlsstream
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

# Every run of the suite also fuzzes each target briefly: mutants of its inputs and of the seeds that
# make-seeds.py writes from the fixtures (the same seeds scripts/fuzz starts from).
set(RPCSCOPE_FUZZ_SECONDS 5 CACHE STRING "Seconds each fuzz/<target> test spends on mutants after the replay")
set(_seeds_dir ${CMAKE_CURRENT_BINARY_DIR}/fuzz-seeds)
add_test(NAME fuzz/seeds COMMAND ${RPCSCOPE_PYTHON} ${_fuzz_dir}/make-seeds.py ${_seeds_dir})
set_tests_properties(fuzz/seeds PROPERTIES TIMEOUT 60 LABELS "fuzz" FIXTURES_SETUP fuzzseeds)

foreach(target IN LISTS RPCSCOPE_FUZZ_TARGETS)
    set(libs rpcscope_fuzzsupport rpcscope_core)
    if(target STREQUAL "tcpreassembly" OR target STREQUAL "tlsstream")
        list(APPEND libs rpcscope_capture)
    endif()

    add_executable(regress_${target} ${_fuzz_dir}/fuzz_${target}.cpp ${_fuzz_dir}/regressionmain.cpp)
    target_link_libraries(regress_${target} PRIVATE ${libs})
    set_target_properties(regress_${target} PROPERTIES AUTOMOC OFF)
    add_test(NAME fuzz/${target}
             COMMAND regress_${target} ${_regress_dir}/${target} ${_fuzz_fixtures_${target}} ${_seeds_dir}/${target}
                     --fuzz-seconds ${RPCSCOPE_FUZZ_SECONDS})
    set_tests_properties(fuzz/${target} PROPERTIES TIMEOUT 120 LABELS "fuzz" FIXTURES_REQUIRED fuzzseeds)

    if(RPCSCOPE_FUZZ)
        add_executable(fuzz_${target} ${_fuzz_dir}/fuzz_${target}.cpp)
        target_link_libraries(fuzz_${target} PRIVATE ${libs})
        target_link_options(fuzz_${target} PRIVATE -fsanitize=fuzzer)
        set_target_properties(fuzz_${target} PROPERTIES AUTOMOC OFF)
    endif()
endforeach()
