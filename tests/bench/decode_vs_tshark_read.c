/* The floor for reading a capture: libpcap alone, every packet fetched with pcap_next_ex and its bytes touched,
 * nothing decoded. Built and run by tests/bench/decode_vs_tshark. */
#include <pcap.h>
#include <stdio.h>

int main(int argc, char** argv)
{
    char error[PCAP_ERRBUF_SIZE];
    struct pcap_pkthdr* header;
    const u_char* data;
    unsigned long packets = 0, bytes = 0, sum = 0;
    pcap_t* pcap;
    int rc;
    if (argc != 2) {
        fprintf(stderr, "usage: %s FILE\n", argv[0]);
        return 2;
    }
    pcap = pcap_open_offline(argv[1], error);
    if (!pcap) {
        fprintf(stderr, "%s: %s\n", argv[1], error);
        return 1;
    }
    while ((rc = pcap_next_ex(pcap, &header, &data)) == 1) {
        packets++;
        bytes += header->caplen;
        if (header->caplen > 0)
            sum += data[header->caplen - 1]; /* touch the packet so the read is not optimised away */
    }
    pcap_close(pcap);
    printf("%lu packets %lu bytes (checksum %lu)\n", packets, bytes, sum);
    return rc == PCAP_ERROR_BREAK || rc == 0 ? 0 : 1;
}
