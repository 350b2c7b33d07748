#pragma once

// Writes Java class files byte by byte (JVM spec ch. 4), so that tests can make valid ones and damage them at a
// chosen place. Only what the class-file parser reads is modelled: the constant pool (Utf8, Class, Integer, Long
// and NameAndType entries), the class's names, fields and methods with attributes (an Exceptions attribute, or an
// opaque one).

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QtEndian>

#include <vector>

namespace rpcscope::test {

class ClassFileBuilder
{
public:
    struct Method
    {
        quint16 access = 0x0401; // public abstract
        QString name;
        QString descriptor;
        QStringList exceptions;
        /// An attribute the parser must skip by its length ("Signature", "Code"...).
        QByteArray extraAttribute;
    };

    quint16 major = 61; // JDK 17
    quint16 access = 0x0601; // public interface abstract
    QString name = QStringLiteral("example/Greeting");
    QString superName = QStringLiteral("java/lang/Object");
    QStringList interfaces {QStringLiteral("java/rmi/Remote")};
    std::vector<Method> methods;
    /// Fields, each written with one opaque attribute.
    int fields = 0;

    /// Offsets in the last build(): the access flags just after the constant pool, the method count, and the
    /// first method's attribute length field.
    qsizetype accessFlagsAt = 0;
    qsizetype methodCountAt = 0;
    qsizetype firstAttributeLengthAt = 0;
    /// Entries of the constant pool, and the index of its Long (whose next slot is unusable).
    int poolEntries = 0;
    int longIndex = 0;

    /// Index of a Utf8 entry holding `text` (added once).
    quint16 utf8(const QString& text)
    {
        for (std::size_t i = 0; i < m_pool.size(); ++i) {
            if (m_pool[i].tag == 1 && m_pool[i].text == text)
                return static_cast<quint16>(i + 1);
        }
        m_pool.push_back({1, text, 0});
        return static_cast<quint16>(m_pool.size());
    }
    quint16 classRef(const QString& internalName)
    {
        const quint16 n = utf8(internalName);
        for (std::size_t i = 0; i < m_pool.size(); ++i) {
            if (m_pool[i].tag == 7 && m_pool[i].ref == n)
                return static_cast<quint16>(i + 1);
        }
        m_pool.push_back({7, {}, n});
        return static_cast<quint16>(m_pool.size());
    }

    QByteArray build()
    {
        // Entries first, so that the pool is complete before it is written.
        const quint16 thisIndex = classRef(name);
        const quint16 superIndex = superName.isEmpty() ? 0 : classRef(superName);
        std::vector<quint16> interfaceIndexes;
        for (const QString& i : interfaces)
            interfaceIndexes.push_back(classRef(i));
        struct Resolved
        {
            quint16 name, descriptor;
            std::vector<quint16> exceptions;
        };
        std::vector<Resolved> resolved;
        const quint16 exceptionsName = utf8(QStringLiteral("Exceptions"));
        const quint16 extraName = utf8(QStringLiteral("Signature"));
        const quint16 fieldName = utf8(QStringLiteral("count"));
        const quint16 fieldType = utf8(QStringLiteral("I"));
        for (const Method& m : methods) {
            Resolved r {utf8(m.name), utf8(m.descriptor), {}};
            for (const QString& e : m.exceptions)
                r.exceptions.push_back(classRef(e));
            resolved.push_back(r);
        }
        // A Long takes two slots, an Integer one: both must be skipped correctly.
        m_pool.push_back({5, {}, 0});
        longIndex = static_cast<int>(m_pool.size());
        m_pool.push_back({0, {}, 0});
        m_pool.push_back({3, {}, 0});
        poolEntries = static_cast<int>(m_pool.size());

        QByteArray out;
        u32(out, 0xCAFEBABE);
        u16(out, 0);
        u16(out, major);
        u16(out, static_cast<quint16>(m_pool.size() + 1));
        for (const Entry& e : m_pool) {
            if (e.tag == 0)
                continue; // the second slot of a Long
            out.append(static_cast<char>(e.tag));
            if (e.tag == 1) {
                const QByteArray text = e.text.toUtf8();
                u16(out, static_cast<quint16>(text.size()));
                out.append(text);
            } else if (e.tag == 7) {
                u16(out, e.ref);
            } else if (e.tag == 5) {
                u32(out, 0x12345678);
                u32(out, 0x9ABCDEF0);
            } else if (e.tag == 3) {
                u32(out, 42);
            }
        }
        accessFlagsAt = out.size();
        u16(out, access);
        u16(out, thisIndex);
        u16(out, superIndex);
        u16(out, static_cast<quint16>(interfaceIndexes.size()));
        for (quint16 i : interfaceIndexes)
            u16(out, i);
        u16(out, static_cast<quint16>(fields));
        for (int f = 0; f < fields; ++f) {
            u16(out, 0x0019);
            u16(out, fieldName);
            u16(out, fieldType);
            u16(out, 1);
            u16(out, extraName);
            u32(out, 2);
            u16(out, fieldType);
        }
        methodCountAt = out.size();
        u16(out, static_cast<quint16>(methods.size()));
        firstAttributeLengthAt = out.size() + 8 + 2;
        for (std::size_t i = 0; i < methods.size(); ++i) {
            const Resolved& r = resolved[i];
            u16(out, methods[i].access);
            u16(out, r.name);
            u16(out, r.descriptor);
            const bool extra = !methods[i].extraAttribute.isEmpty();
            u16(out, static_cast<quint16>((r.exceptions.empty() ? 0 : 1) + (extra ? 1 : 0)));
            if (extra) {
                u16(out, extraName);
                u32(out, static_cast<quint32>(methods[i].extraAttribute.size()));
                out.append(methods[i].extraAttribute);
            }
            if (!r.exceptions.empty()) {
                u16(out, exceptionsName);
                u32(out, static_cast<quint32>(2 + 2 * r.exceptions.size()));
                u16(out, static_cast<quint16>(r.exceptions.size()));
                for (quint16 e : r.exceptions)
                    u16(out, e);
            }
        }
        u16(out, 0); // class attributes
        return out;
    }

    static void u16(QByteArray& out, quint16 v)
    {
        char b[2];
        qToBigEndian(v, b);
        out.append(b, 2);
    }
    static void u32(QByteArray& out, quint32 v)
    {
        char b[4];
        qToBigEndian(v, b);
        out.append(b, 4);
    }

private:
    struct Entry
    {
        quint8 tag;
        QString text;
        quint16 ref;
    };
    std::vector<Entry> m_pool;
};

} // namespace rpcscope::test
