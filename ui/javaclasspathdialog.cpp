#include "javaclasspathdialog.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace rpcscope {

JavaClasspathDialog::JavaClasspathDialog(const QStringList& entries, QWidget* parent)
    : QDialog(parent)
    , m_list(new QListWidget(this))
    , m_remove(new QPushButton(tr("&Remove"), this))
    , m_status(new QLabel(this))
{
    setWindowTitle(tr("Java Classpath"));
    auto* intro = new QLabel(tr("Folders of .class files and jars with your remote interfaces. Java RMI calls to their "
                                "methods are shown by name, with arguments and results decoded by their declared "
                                "types. The JDK's own (registry, DGC, activation, JMX) need nothing here."),
                             this);
    intro->setWordWrap(true);
    m_list->setAccessibleName(tr("Classpath entries"));
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    auto* addFolder = new QPushButton(tr("Add &Folder…"), this);
    auto* addJar = new QPushButton(tr("Add &Jar…"), this);
    auto* side = new QVBoxLayout;
    side->addWidget(addFolder);
    side->addWidget(addJar);
    side->addWidget(m_remove);
    side->addStretch(1);
    auto* middle = new QHBoxLayout;
    middle->addWidget(m_list, 1);
    middle->addLayout(side);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(middle, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(560, 360);

    connect(addFolder, &QPushButton::clicked, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Add a Folder of Class Files"));
        if (!folder.isEmpty())
            addEntries({folder});
    });
    connect(addJar, &QPushButton::clicked, this, [this] {
        addEntries(
            QFileDialog::getOpenFileNames(this, tr("Add Jars"), QString(), tr("Jars (*.jar *.zip);;All files (*)")));
    });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        qDeleteAll(m_list->selectedItems());
        updateButtons();
    });
    connect(m_list, &QListWidget::itemSelectionChanged, this, &JavaClasspathDialog::updateButtons);
    connect(buttons, &QDialogButtonBox::accepted, this, &JavaClasspathDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    addEntries(entries);
}

QStringList JavaClasspathDialog::entries() const
{
    QStringList out;
    for (int i = 0; i < m_list->count(); ++i)
        out << m_list->item(i)->text();
    return out;
}

void JavaClasspathDialog::addEntries(const QStringList& paths)
{
    for (const QString& p : paths) {
        if (!entries().contains(p))
            m_list->addItem(p);
    }
    m_status->clear();
    updateButtons();
}

void JavaClasspathDialog::updateButtons()
{
    m_remove->setEnabled(!m_list->selectedItems().isEmpty());
}

void JavaClasspathDialog::accept()
{
    const QStringList list = entries();
    m_loaded.reset();
    if (!list.isEmpty()) {
        Result<JavaClasspath::Loaded> loaded = JavaClasspath::load(list);
        if (!loaded) {
            m_status->setText(tr("Not loaded: %1").arg(loaded.error()));
            return;
        }
        m_loaded = std::move(*loaded);
    }
    QDialog::accept();
}

} // namespace rpcscope
