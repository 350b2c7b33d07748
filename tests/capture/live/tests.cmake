# Live capture with libpcap (capture/live) and `rpcscope-cli capture`, on the loopback interface. The tests skip
# with the reason when the process has no capture rights.
rpcscope_add_test(capture/live livecapture LIBS rpcscope_capture TIMEOUT 120)
rpcscope_add_test(capture/live capturecommand LIBS rpcscope_capture TIMEOUT 120)
rpcscope_add_test(capture/live livecallprinter LIBS rpcscope_capture)
