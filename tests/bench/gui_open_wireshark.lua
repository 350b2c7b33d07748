-- Loaded by tests/bench/gui_open into Wireshark's GUI: Wireshark calls a tap listener's draw() once the file has
-- been read and the packet list filled, which is the moment rpcscope --bench-open reports. Prints the time since
-- the epoch then, the packets seen and the resident memory, and quits.
local packets = 0
local tap = Listener.new("frame")
function tap.packet() packets = packets + 1 end
function tap.reset() packets = 0 end
function tap.draw()
    local now = io.popen("date +%s.%N"):read("*l")
    local rss, hwm = "?", "?"
    for line in io.lines("/proc/self/status") do
        local v = line:match("^VmRSS:%s+(%d+)")
        if v then rss = v end
        v = line:match("^VmHWM:%s+(%d+)")
        if v then hwm = v end
    end
    io.stderr:write(string.format("wireshark-loaded at=%s packets=%d rss_kib=%s peak_rss_kib=%s\n", now, packets, rss, hwm))
    io.stderr:flush()
    os.exit(0)
end
