# Pyro: the serializers' readers and writers and the Python values they make, shared by the protocol versions.
target_sources(rpcscope_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/marshalreader.cpp ${CMAKE_CURRENT_LIST_DIR}/marshalreader.h
    ${CMAKE_CURRENT_LIST_DIR}/marshalwriter.cpp ${CMAKE_CURRENT_LIST_DIR}/marshalwriter.h
    ${CMAKE_CURRENT_LIST_DIR}/msgpackreader.cpp ${CMAKE_CURRENT_LIST_DIR}/msgpackreader.h
    ${CMAKE_CURRENT_LIST_DIR}/pickleargs.cpp ${CMAKE_CURRENT_LIST_DIR}/pickleargs.h
    ${CMAKE_CURRENT_LIST_DIR}/pickledisassembler.cpp ${CMAKE_CURRENT_LIST_DIR}/pickledisassembler.h
    ${CMAKE_CURRENT_LIST_DIR}/pickleopcodes.cpp ${CMAKE_CURRENT_LIST_DIR}/pickleopcodes.h
    ${CMAKE_CURRENT_LIST_DIR}/picklereductions.cpp ${CMAKE_CURRENT_LIST_DIR}/picklereductions.h
    ${CMAKE_CURRENT_LIST_DIR}/picklevaluebuilder.cpp ${CMAKE_CURRENT_LIST_DIR}/picklevaluebuilder.h
    ${CMAKE_CURRENT_LIST_DIR}/pydatetime.cpp ${CMAKE_CURRENT_LIST_DIR}/pydatetime.h
    ${CMAKE_CURRENT_LIST_DIR}/pyintegers.cpp ${CMAKE_CURRENT_LIST_DIR}/pyintegers.h
    ${CMAKE_CURRENT_LIST_DIR}/pyrepr.cpp ${CMAKE_CURRENT_LIST_DIR}/pyrepr.h
    ${CMAKE_CURRENT_LIST_DIR}/pyrojsonreader.cpp ${CMAKE_CURRENT_LIST_DIR}/pyrojsonreader.h
    ${CMAKE_CURRENT_LIST_DIR}/pyrojsonwriter.cpp ${CMAKE_CURRENT_LIST_DIR}/pyrojsonwriter.h
    ${CMAKE_CURRENT_LIST_DIR}/pyvalue.cpp ${CMAKE_CURRENT_LIST_DIR}/pyvalue.h
    ${CMAKE_CURRENT_LIST_DIR}/pytext.cpp ${CMAKE_CURRENT_LIST_DIR}/pytext.h
    ${CMAKE_CURRENT_LIST_DIR}/serpentparser.cpp ${CMAKE_CURRENT_LIST_DIR}/serpentparser.h
    ${CMAKE_CURRENT_LIST_DIR}/serpentscanner.cpp ${CMAKE_CURRENT_LIST_DIR}/serpentscanner.h
    ${CMAKE_CURRENT_LIST_DIR}/serpentwriter.cpp ${CMAKE_CURRENT_LIST_DIR}/serpentwriter.h
)
# Pyro4 (protocol 48): framing, header and annotations, meaning, encoder.
target_sources(rpcscope_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/pyro4/pyro4annotations.cpp ${CMAKE_CURRENT_LIST_DIR}/pyro4/pyro4annotations.h
    ${CMAKE_CURRENT_LIST_DIR}/pyro4/pyro4decoder.cpp ${CMAKE_CURRENT_LIST_DIR}/pyro4/pyro4decoder.h
    ${CMAKE_CURRENT_LIST_DIR}/pyro4/pyro4encoder.cpp ${CMAKE_CURRENT_LIST_DIR}/pyro4/pyro4encoder.h
    ${CMAKE_CURRENT_LIST_DIR}/pyro4/pyro4framer.cpp ${CMAKE_CURRENT_LIST_DIR}/pyro4/pyro4framer.h
    ${CMAKE_CURRENT_LIST_DIR}/pyro4/pyro4header.cpp ${CMAKE_CURRENT_LIST_DIR}/pyro4/pyro4header.h
    ${CMAKE_CURRENT_LIST_DIR}/pyro4/pyro4messagebuilder.cpp ${CMAKE_CURRENT_LIST_DIR}/pyro4/pyro4messagebuilder.h
    ${CMAKE_CURRENT_LIST_DIR}/pyro4/pyro4payload.cpp ${CMAKE_CURRENT_LIST_DIR}/pyro4/pyro4payload.h
    ${CMAKE_CURRENT_LIST_DIR}/pyro4/pyro4semantics.cpp ${CMAKE_CURRENT_LIST_DIR}/pyro4/pyro4semantics.h
)
