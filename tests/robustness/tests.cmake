# Hostile input and limits: what strangers' bytes must not do to us (crash, hang, allocate or recurse without
# bound, run code), checked end to end.
set(_robustness_dir ${CMAKE_CURRENT_SOURCE_DIR}/robustness)
add_library(rpcscope_robustness_support STATIC
    ${_robustness_dir}/boundedchild.cpp ${_robustness_dir}/boundedchild.h
    ${_robustness_dir}/pipeline.cpp ${_robustness_dir}/pipeline.h
)
target_include_directories(rpcscope_robustness_support PUBLIC ${_robustness_dir} ${CMAKE_CURRENT_SOURCE_DIR}/fuzz)
target_link_libraries(rpcscope_robustness_support PUBLIC rpcscope_testsupport rpcscope_core Qt6::Core)

rpcscope_add_test(robustness lengthbombs LIBS rpcscope_robustness_support ZLIB::ZLIB TIMEOUT 180)
target_sources(rpcscope_robustness_support PRIVATE ${_robustness_dir}/depthformats.cpp ${_robustness_dir}/depthformats.h)
rpcscope_add_test(robustness depthlimits LIBS rpcscope_robustness_support TIMEOUT 180)
rpcscope_add_test(robustness backreferences LIBS rpcscope_robustness_support TIMEOUT 300)
rpcscope_add_test(robustness pcaptruncation TIMEOUT 120)
rpcscope_add_test(robustness xmlentities LIBS rpcscope_robustness_support TIMEOUT 120)
rpcscope_add_test(robustness picklecode LIBS rpcscope_robustness_support TIMEOUT 120)
target_sources(rpcscope_robustness_support PRIVATE
    ${_robustness_dir}/serverprocess.cpp ${_robustness_dir}/serverprocess.h
    ${_robustness_dir}/socketload.cpp ${_robustness_dir}/socketload.h)
target_link_libraries(rpcscope_robustness_support PUBLIC Qt6::Network)
rpcscope_add_test(robustness serverload LIBS rpcscope_robustness_support Qt6::Network TIMEOUT 300)
rpcscope_add_test(robustness proxyload LIBS rpcscope_robustness_support Qt6::Network TIMEOUT 300)
# Each opens a thousand loopback connections at once; run together they starved each other (a proxied call had no
# reply after 90 s under ctest --parallel 2, and passed alone), so they never overlap.
set_tests_properties(robustness/serverload robustness/proxyload PROPERTIES RESOURCE_LOCK loopback-load)
rpcscope_add_test(robustness limitoption LIBS rpcscope_capture TIMEOUT 60)
rpcscope_add_test(robustness tlsrecords LIBS rpcscope_capture TIMEOUT 120)
