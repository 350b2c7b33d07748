# Capture: pcap/pcapng reading, frames to TCP segments, TCP reassembly, and the whole file → calls path.
rpcscope_add_test(capture tcpreassembler LIBS rpcscope_capture)
rpcscope_add_test(capture pcapfilesource LIBS rpcscope_capture)
rpcscope_add_test(capture paralleltrafficdecoder LIBS rpcscope_capture)
