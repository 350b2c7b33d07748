# Pyro: the serializers' readers and writers and the Python values they make, shared by the protocol versions.
target_sources(rpcscope_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/marshalreader.cpp ${CMAKE_CURRENT_LIST_DIR}/marshalreader.h
    ${CMAKE_CURRENT_LIST_DIR}/marshalwriter.cpp ${CMAKE_CURRENT_LIST_DIR}/marshalwriter.h
    ${CMAKE_CURRENT_LIST_DIR}/msgpackreader.cpp ${CMAKE_CURRENT_LIST_DIR}/msgpackreader.h
    ${CMAKE_CURRENT_LIST_DIR}/msgpackwriter.cpp ${CMAKE_CURRENT_LIST_DIR}/msgpackwriter.h
    ${CMAKE_CURRENT_LIST_DIR}/pickleargs.cpp ${CMAKE_CURRENT_LIST_DIR}/pickleargs.h
    ${CMAKE_CURRENT_LIST_DIR}/picklewriter.cpp ${CMAKE_CURRENT_LIST_DIR}/picklewriter.h
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
# What Pyro4 and Pyro5 share above their headers: message types and serializers by name, the framer of both
# headers, annotation chunks, payloads, the meaning of a message, the encoder, URIs.
target_sources(rpcscope_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/pyroannotations.cpp ${CMAKE_CURRENT_LIST_DIR}/pyroannotations.h
    ${CMAKE_CURRENT_LIST_DIR}/pyroencoder.cpp ${CMAKE_CURRENT_LIST_DIR}/pyroencoder.h
    ${CMAKE_CURRENT_LIST_DIR}/pyroframe.h
    ${CMAKE_CURRENT_LIST_DIR}/pyroframer.cpp ${CMAKE_CURRENT_LIST_DIR}/pyroframer.h
    ${CMAKE_CURRENT_LIST_DIR}/pyromessagebuilder.cpp ${CMAKE_CURRENT_LIST_DIR}/pyromessagebuilder.h
    ${CMAKE_CURRENT_LIST_DIR}/pyromessagedecoder.cpp ${CMAKE_CURRENT_LIST_DIR}/pyromessagedecoder.h
    ${CMAKE_CURRENT_LIST_DIR}/pyropayload.cpp ${CMAKE_CURRENT_LIST_DIR}/pyropayload.h
    ${CMAKE_CURRENT_LIST_DIR}/pyroprobe.cpp ${CMAKE_CURRENT_LIST_DIR}/pyroprobe.h
    ${CMAKE_CURRENT_LIST_DIR}/pyroprotocol.cpp ${CMAKE_CURRENT_LIST_DIR}/pyroprotocol.h
    ${CMAKE_CURRENT_LIST_DIR}/pyrosemantics.cpp ${CMAKE_CURRENT_LIST_DIR}/pyrosemantics.h
    ${CMAKE_CURRENT_LIST_DIR}/pyrouri.cpp ${CMAKE_CURRENT_LIST_DIR}/pyrouri.h
)
# Pyro4 (protocol 48): its 24-byte header and its decoder.
target_sources(rpcscope_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/pyro4/pyro4decoder.cpp ${CMAKE_CURRENT_LIST_DIR}/pyro4/pyro4decoder.h
    ${CMAKE_CURRENT_LIST_DIR}/pyro4/pyro4header.cpp ${CMAKE_CURRENT_LIST_DIR}/pyro4/pyro4header.h
)
# Pyro5 (protocol 502): its 40-byte header and its decoder.
target_sources(rpcscope_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/pyro5/pyro5decoder.cpp ${CMAKE_CURRENT_LIST_DIR}/pyro5/pyro5decoder.h
    ${CMAKE_CURRENT_LIST_DIR}/pyro5/pyro5header.cpp ${CMAKE_CURRENT_LIST_DIR}/pyro5/pyro5header.h
)
