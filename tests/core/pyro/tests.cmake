# Pyro: the serializers shared by the protocol versions, one test per unit; the versions' own tests in pyro4/.
add_library(rpcscope_pyro4_testfixtures STATIC ${CMAKE_CURRENT_LIST_DIR}/pyro4fixtures.cpp ${CMAKE_CURRENT_LIST_DIR}/pyro4fixtures.h)
target_link_libraries(rpcscope_pyro4_testfixtures PUBLIC rpcscope_testsupport rpcscope_core Qt6::Test)
target_include_directories(rpcscope_pyro4_testfixtures PUBLIC ${CMAKE_CURRENT_LIST_DIR})

rpcscope_add_test(core/pyro pyrepr)
rpcscope_add_test(core/pyro pytext)
rpcscope_add_test(core/pyro pydatetime LIBS rpcscope_pyro4_testfixtures)
rpcscope_add_test(core/pyro serpentparser)
rpcscope_add_test(core/pyro marshalreader LIBS rpcscope_pyro4_testfixtures)
rpcscope_add_test(core/pyro pickledisassembler LIBS rpcscope_pyro4_testfixtures)
rpcscope_add_test(core/pyro msgpackreader LIBS rpcscope_pyro4_testfixtures)
rpcscope_add_test(core/pyro pyrojsonreader LIBS rpcscope_pyro4_testfixtures)

include(${CMAKE_CURRENT_LIST_DIR}/pyro4/tests.cmake)
