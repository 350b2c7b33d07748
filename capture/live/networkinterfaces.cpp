#include "networkinterfaces.h"

#include <QHostAddress>

#include <pcap/pcap.h>

#include <sys/socket.h>

namespace rpcscope {

namespace {

int prefixLength(const sockaddr* netmask)
{
    if (!netmask)
        return -1;
    const QHostAddress mask(netmask);
    if (mask.isNull())
        return -1;
    int bits = 0;
    if (mask.protocol() == QAbstractSocket::IPv4Protocol) {
        quint32 v = mask.toIPv4Address();
        while (v & 0x80000000u) {
            ++bits;
            v <<= 1;
        }
        return bits;
    }
    const Q_IPV6ADDR bytes = mask.toIPv6Address();
    for (quint8 byte : bytes.c) {
        for (int b = 7; b >= 0 && (byte >> b & 1); --b)
            ++bits;
        if (byte != 0xff)
            break;
    }
    return bits;
}

} // namespace

QString NetworkInterface::describe() const
{
    QStringList flags;
    if (loopback)
        flags << QStringLiteral("loopback");
    flags << (up ? QStringLiteral("up") : QStringLiteral("down"));
    QString text = QStringLiteral("%1 (%2)").arg(name, flags.join(QStringLiteral(", ")));
    if (!addresses.isEmpty())
        text += QStringLiteral(": ") + addresses.join(QStringLiteral(", "));
    if (!description.isEmpty())
        text += QStringLiteral(" - ") + description;
    return text;
}

Result<std::vector<NetworkInterface>> listNetworkInterfaces()
{
    char errbuf[PCAP_ERRBUF_SIZE] = {};
    pcap_if_t* all = nullptr;
    if (pcap_findalldevs(&all, errbuf) != 0)
        return Error {QStringLiteral("cannot list the network interfaces: %1").arg(QString::fromLocal8Bit(errbuf))};
    std::vector<NetworkInterface> result;
    for (pcap_if_t* dev = all; dev; dev = dev->next) {
        NetworkInterface iface;
        iface.name = QString::fromLocal8Bit(dev->name);
        iface.description = QString::fromLocal8Bit(dev->description ? dev->description : "");
        iface.loopback = dev->flags & PCAP_IF_LOOPBACK;
        iface.up = dev->flags & PCAP_IF_UP;
        iface.running = dev->flags & PCAP_IF_RUNNING;
        for (pcap_addr_t* a = dev->addresses; a; a = a->next) {
            if (!a->addr || (a->addr->sa_family != AF_INET && a->addr->sa_family != AF_INET6))
                continue;
            QHostAddress address(a->addr);
            address.setScopeId(QString());
            QString text = address.toString();
            const int prefix = prefixLength(a->netmask);
            if (prefix >= 0)
                text += QStringLiteral("/%1").arg(prefix);
            iface.addresses << text;
        }
        result.push_back(std::move(iface));
    }
    pcap_freealldevs(all);
    return result;
}

Status validateBpfFilter(const QString& filter, int linkType)
{
    if (filter.trimmed().isEmpty())
        return Done {};
    pcap_t* dead = pcap_open_dead(linkType, 262144);
    if (!dead)
        return Error {QStringLiteral("cannot check the filter: libpcap is not usable")};
    bpf_program program {};
    const QByteArray text = filter.toLocal8Bit();
    Status status = Done {};
    if (pcap_compile(dead, &program, text.constData(), 1, PCAP_NETMASK_UNKNOWN) != 0)
        status = Error {QString::fromLocal8Bit(pcap_geterr(dead))};
    else
        pcap_freecode(&program);
    pcap_close(dead);
    return status;
}

} // namespace rpcscope
