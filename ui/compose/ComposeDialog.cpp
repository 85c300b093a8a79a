#include "ComposeDialog.h"

#include "MessageCodec.h"
#include "MessageView.h"
#include "RecipientPicker.h"
#include "TextContrast.h"

#include <QCheckBox>
#include <QComboBox>
#include <QInputDialog>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QEvent>
#include <QShowEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScreen>
#include <QSplitter>
#include <QTabBar>
#include <QTabWidget>
#include <QVBoxLayout>

#include <optional>
#include <utility>

namespace ns {
namespace {

int index(ComposeDialog::Field field)
{
    return static_cast<int>(field);
}

// A field and its inline error under it.
QWidget *withError(QWidget *field, QLabel *error, QWidget *extra = nullptr)
{
    auto *box = new QWidget;
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(field);
    if (extra)
        layout->addWidget(extra);
    layout->addWidget(error);
    return box;
}

// The colour of inline errors: red, as dark (on a light window) or as light (on a dark one) as it
// takes to reach WCAG AA on the window, moved toward the palette's own text colour. Qt 6.4's
// palette has no role for errors (KDE's NegativeText is KColorScheme's), so the hue is ours and
// the lightness the theme's; a fixed #b00020 was 2.2:1 on a dark window (#202226), 2.9:1 on black.
QColor errorColour(const QPalette &palette)
{
    const QColor window = palette.color(QPalette::Window);
    const QColor text = palette.color(QPalette::WindowText);
    const QColor red(0xd0, 0x10, 0x30);
    constexpr int Steps = 40;
    for (int step = 0; step <= Steps; ++step) {
        const double t = double(step) / Steps;
        const QColor candidate = QColor::fromRgbF(static_cast<float>(red.redF() + (text.redF() - red.redF()) * t),
                                                  static_cast<float>(red.greenF() + (text.greenF() - red.greenF()) * t),
                                                  static_cast<float>(red.blueF() + (text.blueF() - red.blueF()) * t));
        if (TextContrast::ratio(candidate, window) >= TextContrast::AA + 0.3)
            return candidate;
    }
    return text;
}

void setTextColour(QLabel *label, const std::optional<QColor> &colour)
{
    if (!colour) {
        label->setPalette(QPalette()); // Nothing of its own: the dialog's, whatever the theme.
        return;
    }
    QPalette p = label->palette();
    p.setColor(QPalette::WindowText, *colour);
    label->setPalette(p);
}

} // namespace

ComposeDialog::ComposeDialog(const QString &senderName, QWidget *parent)
    : QDialog(parent), m_senderName(senderName), m_recipients(new QPlainTextEdit(this)),
      m_recipientSummary(new QLabel(this)), m_subject(new QLineEdit(this)), m_counter(new QLabel(this)),
      m_body(new QPlainTextEdit(this)), m_url(new QLineEdit(this)), m_active(new QCheckBox(tr("Active"), this)),
      m_later(new QCheckBox(tr("Send l&ater:"), this)), m_laterTime(new QDateTimeEdit(this)), m_laterError(new QLabel(this)),
      m_picker(new RecipientPicker(this)), m_templates(new QComboBox(this)), m_saveTemplate(new QPushButton(tr("Save as Templat&e…"), this)),
      m_placeholderProblems(new QLabel(this)),
      m_preview(new MessageView(this)), m_wire(new QPlainTextEdit(this)), m_send(nullptr), m_sendHint(new QLabel(this))
{
    setWindowTitle(tr("New Message"));
    for (QLabel *&error : m_errors) {
        error = new QLabel(this);
        error->setTextFormat(Qt::PlainText);
        error->setWordWrap(true);
        // Its line is kept while it is hidden: an error appearing as the user types must not push
        // the fields below it down (a click meant for Subject landed in To).
        QSizePolicy policy = error->sizePolicy();
        policy.setRetainSizeWhenHidden(true);
        error->setSizePolicy(policy);
        error->setMinimumHeight(error->fontMetrics().lineSpacing());
        error->hide();
    }
    m_sendHint->setTextFormat(Qt::PlainText);
    m_sendHint->setWordWrap(true);
    m_recipients->setPlaceholderText(tr("User UUIDs, separated by commas, spaces or new lines"));
    m_recipients->setTabChangesFocus(true);
    m_recipients->setMaximumHeight(m_recipients->fontMetrics().lineSpacing() * 5);
    // The text below grows with the dialog, not the recipient list: a list that cannot grow past
    // five lines but asked for more room left a gap between its count and its error.
    m_recipients->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_recipientSummary->setTextFormat(Qt::PlainText);
    m_subject->setPlaceholderText(tr("Required"));
    m_body->setPlaceholderText(tr("Required"));
    m_body->setTabChangesFocus(true);
    m_url->setPlaceholderText(tr("Optional: https://…"));
    m_active->setChecked(true);
    m_active->setToolTip(tr("Sent as is_active; the web service may show inactive messages differently."));
    m_counter->setAlignment(Qt::AlignRight);
    m_wire->setReadOnly(true);
    m_wire->setAccessibleName(tr("The message as sent, in JSON"));
    m_recipients->setAccessibleName(tr("Recipients"));
    m_subject->setAccessibleName(tr("Subject"));
    m_body->setAccessibleName(tr("Message text"));
    m_url->setAccessibleName(tr("Reference link"));

    m_placeholderProblems->setTextFormat(Qt::PlainText);
    m_placeholderProblems->setWordWrap(true);
    m_placeholderProblems->hide();
    m_templates->addItem(tr("(no template)"));
    m_templates->setAccessibleName(tr("Template"));
    m_templates->setToolTip(tr("Start from a saved template; {name}, {email}, {department} and {uuid} are filled per recipient"));
    auto *templateRow = new QHBoxLayout;
    templateRow->addWidget(m_templates, 1);
    templateRow->addWidget(m_saveTemplate);

    auto *form = new QFormLayout;
    form->addRow(tr("Te&mplate:"), templateRow);
    auto *to = new QWidget(this);
    auto *toLayout = new QVBoxLayout(to);
    toLayout->setContentsMargins(0, 0, 0, 0);
    toLayout->setSpacing(2);
    toLayout->addWidget(m_picker);
    toLayout->addWidget(withError(m_recipients, m_errors[index(Field::Recipients)], m_recipientSummary));
    // Alt+T lands in the To row's first field (not a focus proxy: that would move it in the Tab chain).
    auto *toLabel = new QLabel(tr("&To:"), this);
    toLabel->setBuddy(m_picker->searchEdit());
    form->addRow(toLabel, to);
    form->addRow(tr("S&ubject:"), withError(m_subject, m_errors[index(Field::Subject)], m_counter));
    form->addRow(tr("Te&xt:"), withError(m_body, m_errors[index(Field::Body)], m_placeholderProblems));
    form->addRow(tr("&Link:"), withError(m_url, m_errors[index(Field::ReferenceUrl)]));
    form->addRow(QString(), m_active);
    // Send later: tomorrow 08:00 local time by default, the usual "first thing tomorrow".
    m_laterTime->setDateTime(QDateTime(QDate::currentDate().addDays(1), QTime(8, 0), Qt::LocalTime));
    m_laterTime->setCalendarPopup(true);
    m_laterTime->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
    m_laterTime->setEnabled(false);
    m_laterTime->setAccessibleName(tr("Send at"));
    m_later->setToolTip(tr("The message waits in the outbox until then; Sent Messages lists it, to cancel or edit."));
    m_laterError->setTextFormat(Qt::PlainText);
    m_laterError->hide();
    auto *laterRow = new QHBoxLayout;
    laterRow->addWidget(m_later);
    laterRow->addWidget(m_laterTime);
    laterRow->addWidget(m_laterError, 1);
    form->addRow(QString(), laterRow);
    auto *formBox = new QWidget(this);
    formBox->setLayout(form);

    auto *tabs = new QTabWidget(this);
    // No framed pane: the preview sits on the window's own colour, which MessageView's dimmed text
    // is made readable against (a framed pane is lighter in a dark theme: 3.5:1 there).
    tabs->setDocumentMode(true);
    // Its tab bar takes focus in its own place in the Tab chain. The tab widget is a focus proxy for
    // it, further down the chain (after the buttons), where Tab from the last button would land on
    // it: a plain container instead.
    tabs->setFocusProxy(nullptr);
    tabs->setFocusPolicy(Qt::NoFocus);
    tabs->tabBar()->setFocusPolicy(Qt::TabFocus); // Which setFocusPolicy() above passed on.
    tabs->addTab(m_preview, tr("Preview"));
    tabs->addTab(m_wire, tr("As sent"));
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(formBox);
    splitter->addWidget(tabs);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_send = buttons->addButton(tr("&Send"), QDialogButtonBox::AcceptRole);
    m_send->setDefault(true);
    // Qt makes the box a focus proxy for its default button; it comes after the buttons in the Tab
    // chain, so Tab from the last button would land on Send again, round and round.
    buttons->setFocusProxy(nullptr);
    connect(buttons, &QDialogButtonBox::accepted, this, &ComposeDialog::send);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *buttonRow = new QHBoxLayout;
    buttonRow->addWidget(m_sendHint, 1);
    buttonRow->addWidget(buttons);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 1);
    layout->addLayout(buttonRow);

    connect(m_recipients, &QPlainTextEdit::textChanged, this, [this] {
        m_picker->setPastedRecipients(MessageDraft::parseRecipients(m_recipients->toPlainText()).valid);
        markTouched(Field::Recipients);
    });
    connect(m_picker, &RecipientPicker::personPicked, this, [this](const QString &uuid) {
        QString text = m_recipients->toPlainText().trimmed();
        m_recipients->setPlainText(text.isEmpty() ? uuid : text + QLatin1Char('\n') + uuid);
    });
    connect(m_picker, &RecipientPicker::recipientsChanged, this, [this] { markTouched(Field::Recipients); });
    connect(m_templates, &QComboBox::activated, this, [this](int row) {
        if (row < 1 || row > m_templateList.size())
            return;
        const MessageTemplate &t = m_templateList.at(row - 1);
        m_subject->setText(t.subject);
        m_body->setPlainText(t.body);
        m_url->setText(t.referenceUrl);
        m_active->setChecked(t.isActive);
    });
    connect(m_saveTemplate, &QPushButton::clicked, this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("Save as Template"), tr("Template name:"), QLineEdit::Normal,
                                                   m_templates->currentIndex() > 0 ? m_templates->currentText() : m_subject->text(), &ok);
        if (ok && !name.trimmed().isEmpty())
            Q_EMIT saveTemplateRequested(asTemplate(name.trimmed()));
    });
    connect(m_subject, &QLineEdit::textChanged, this, [this] { markTouched(Field::Subject); });
    connect(m_body, &QPlainTextEdit::textChanged, this, [this] { markTouched(Field::Body); });
    connect(m_url, &QLineEdit::textChanged, this, [this] { markTouched(Field::ReferenceUrl); });
    connect(m_active, &QCheckBox::toggled, this, &ComposeDialog::revalidate);
    connect(m_later, &QCheckBox::toggled, this, [this](bool on) {
        m_laterTime->setEnabled(on);
        m_send->setText(on ? tr("&Schedule") : tr("&Send"));
        m_laterError->hide();
    });
    // Tab follows what is shown, top to bottom: the template row, the people picker, the fields,
    // the preview beside them, the buttons last, left to right. Leaves only: setTabOrder() moves a
    // widget, not the children of one that takes no focus itself (the picker, the button box),
    // and after the last focusable child of a compound one (the tab widget).
    QList<QWidget *> tabChain{m_templates, m_saveTemplate, m_picker->searchEdit(), m_picker->chips(), m_recipients,
                              m_subject, m_body, m_url, m_active, m_later, m_laterTime, tabs->tabBar()};
    for (QWidget *w : m_preview->findChildren<QWidget *>()) {
        if (w->focusPolicy() & Qt::TabFocus)
            tabChain.append(w);
    }
    tabChain.append(m_wire);
    for (int i = 0; i < buttons->layout()->count(); ++i) {
        if (QWidget *button = buttons->layout()->itemAt(i)->widget(); button && button->focusPolicy() & Qt::TabFocus)
            tabChain.append(button);
    }
    for (qsizetype i = 1; i < tabChain.size(); ++i)
        QWidget::setTabOrder(tabChain.at(i - 1), tabChain.at(i));
    // Never larger than the screen's free area (it was 960 px wide on an 800x600 screen).
    resize(screen() ? QSize(960, 560).boundedTo(screen()->availableGeometry().size()) : QSize(960, 560));
    revalidate();
    colourErrors();
}

void ComposeDialog::showEvent(QShowEvent *event)
{
    QDialog::showEvent(event);
    // The first keystrokes go to "To": a new message starts with whom it is for. (Focus set before
    // the dialog is shown does not survive showing it.)
    if (!event->spontaneous() && !std::exchange(m_shownOnce, true))
        m_picker->searchEdit()->setFocus(Qt::OtherFocusReason);
}

bool ComposeDialog::hasUserInput() const
{
    return !m_recipients->toPlainText().trimmed().isEmpty() || !m_subject->text().trimmed().isEmpty()
        || !m_body->toPlainText().trimmed().isEmpty() || !m_url->text().trimmed().isEmpty() || !m_picker->groups().isEmpty();
}

void ComposeDialog::reject()
{
    if (!hasUserInput()) {
        QDialog::reject();
        return;
    }
    if (m_discardQuestion) {
        m_discardQuestion->activateWindow(); // Esc pressed again behind it: the question stays.
        return;
    }
    // Not exec(): a nested event loop inside a close event. The dialog stays open until Discard.
    QMessageBox *box = makeDiscardQuestion();
    box->setWindowModality(Qt::WindowModal);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [this, box](QAbstractButton *clicked) {
        if (box->buttonRole(clicked) == QMessageBox::DestructiveRole)
            QDialog::reject();
    });
    m_discardQuestion = box;
    box->open();
}

QMessageBox *ComposeDialog::makeDiscardQuestion()
{
    auto *box = new QMessageBox(QMessageBox::Question, tr("Discard Message"), tr("Discard this message?"), QMessageBox::NoButton, this);
    box->setInformativeText(tr("What you wrote will be lost."));
    box->addButton(tr("&Discard"), QMessageBox::DestructiveRole);
    QPushButton *keep = box->addButton(tr("&Keep Editing"), QMessageBox::RejectRole);
    box->setDefaultButton(keep);
    box->setEscapeButton(keep);
    return box;
}

bool ComposeDialog::discardForQuit()
{
    if (!isVisible() || !hasUserInput())
        return true;
    delete m_discardQuestion.data(); // Asked again below, now as part of quitting.
    raise();
    activateWindow();
    // exec(): the quit waits for the answer (Keep Editing cancels it).
    QMessageBox *box = makeDiscardQuestion();
    box->setWindowModality(Qt::ApplicationModal);
    m_discardQuestion = box;
    box->exec();
    const bool discard = box->clickedButton() && box->buttonRole(box->clickedButton()) == QMessageBox::DestructiveRole;
    delete box;
    if (discard)
        QDialog::reject();
    return discard;
}

void ComposeDialog::changeEvent(QEvent *event)
{
    QDialog::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        colourErrors(); // A theme switched to dark or high contrast while the dialog is open.
}

void ComposeDialog::colourErrors()
{
    const QColor colour = errorColour(palette());
    for (QLabel *error : m_errors)
        setTextColour(error, colour);
    setTextColour(m_placeholderProblems, colour);
    setTextColour(m_laterError, colour);
    setTextColour(m_counter, m_subjectTooLong ? std::optional<QColor>(colour) : std::nullopt);
}

MessageDraft ComposeDialog::draft() const
{
    MessageDraft d;
    d.recipients = m_recipients->toPlainText();
    d.subject = m_subject->text();
    d.body = m_body->toPlainText();
    d.referenceUrl = m_url->text();
    d.isActive = m_active->isChecked();
    return d;
}

void ComposeDialog::setDraft(const MessageDraft &draft)
{
    m_recipients->setPlainText(draft.recipients);
    m_subject->setText(draft.subject);
    m_body->setPlainText(draft.body);
    m_url->setText(draft.referenceUrl);
    m_active->setChecked(draft.isActive);
}

Message ComposeDialog::message() const
{
    return draft().toMessage(m_senderName);
}

QStringList ComposeDialog::recipients() const
{
    return m_picker->recipients();
}

void ComposeDialog::setAddressBook(const AddressBook *book)
{
    m_picker->setAddressBook(book);
    m_picker->setPastedRecipients({});
    m_picker->setPastedRecipients(MessageDraft::parseRecipients(m_recipients->toPlainText()).valid);
    revalidate();
}

void ComposeDialog::setTemplates(const QVector<MessageTemplate> &templates)
{
    m_templateList = templates;
    while (m_templates->count() > 1)
        m_templates->removeItem(1);
    for (const MessageTemplate &t : templates)
        m_templates->addItem(t.name);
}

MessageTemplate ComposeDialog::asTemplate(const QString &name) const
{
    MessageTemplate t;
    t.name = name;
    t.subject = m_subject->text();
    t.body = m_body->toPlainText();
    t.referenceUrl = m_url->text();
    t.isActive = m_active->isChecked();
    return t;
}

MessageDraft ComposeDialog::effectiveDraft() const
{
    MessageDraft d = draft();
    const QStringList groupMembers = recipients().mid(MessageDraft::parseRecipients(d.recipients).valid.size());
    if (!groupMembers.isEmpty())
        d.recipients += QLatin1Char('\n') + groupMembers.join(QLatin1Char('\n'));
    return d;
}

QVector<MessageTemplate::Gap> ComposeDialog::placeholderGaps() const
{
    const MessageTemplate t = asTemplate({});
    if (!t.isPersonal())
        return {};
    return t.check(recipients(), m_picker->knownPeople());
}

QLabel *ComposeDialog::errorLabel(Field field) const
{
    return m_errors[index(field)];
}

void ComposeDialog::send()
{
    const DraftProblems problems = effectiveDraft().validate();
    if (!problems.isEmpty() || !placeholderGaps().isEmpty()) {
        // Pressed through a shortcut or called directly while invalid: show everything, send nothing.
        for (bool &touched : m_touched)
            touched = true;
        revalidate();
        return;
    }
    if (m_later->isChecked()) {
        const QDateTime when = sendAt();
        if (when <= QDateTime::currentDateTimeUtc()) {
            m_laterError->setText(tr("That time has passed."));
            m_laterError->show();
            return;
        }
    }
    const QDateTime when = sendAt();
    const MessageTemplate t = asTemplate({});
    if (t.isPersonal()) {
        // Filled here, from the book as it is now: the outbox stores each recipient's own text.
        const QHash<QString, Person> people = m_picker->knownPeople();
        OutboxStore::PersonalCopies copies;
        const Message base = message();
        for (const QString &uuid : recipients()) {
            const auto it = people.constFind(uuid);
            copies.append({uuid, t.messageFor(base, MessageTemplate::valuesFor(uuid, it == people.cend() ? nullptr : &*it))});
        }
        Q_EMIT personalSendRequested(copies, when);
    } else if (when.isValid()) {
        Q_EMIT scheduleRequested(message(), recipients(), when);
    } else {
        Q_EMIT sendRequested(message(), recipients());
    }
    accept();
}

QDateTime ComposeDialog::sendAt() const
{
    if (!m_later->isChecked())
        return {};
    QDateTime when = m_laterTime->dateTime();
    when.setTime(QTime(when.time().hour(), when.time().minute())); // Whole minutes, as shown.
    return when.toUTC();
}

void ComposeDialog::setSendAt(const QDateTime &when)
{
    m_later->setChecked(when.isValid());
    if (when.isValid())
        m_laterTime->setDateTime(when.toLocalTime());
}

void ComposeDialog::markTouched(Field field)
{
    m_touched[index(field)] = true;
    revalidate();
}

void ComposeDialog::revalidate()
{
    const MessageDraft d = effectiveDraft();
    const DraftProblems problems = d.validate();
    const QVector<MessageTemplate::Gap> gaps = placeholderGaps();
    const QStringList gapLines = MessageTemplate::describe(gaps, static_cast<int>(recipients().size()));
    m_placeholderProblems->setText(gapLines.join(QLatin1Char('\n')));
    m_placeholderProblems->setVisible(!gaps.isEmpty());
    // Errors appear once a field has been edited: a fresh dialog is not a wall of red.
    showProblem(Field::Recipients, problems.recipients);
    showProblem(Field::Subject, problems.subject);
    showProblem(Field::Body, problems.body.isEmpty() ? problems.size : problems.body);
    showProblem(Field::ReferenceUrl, problems.referenceUrl);

    const RecipientList list = MessageDraft::parseRecipients(d.recipients);
    QString summary = tr("%n recipient(s)", nullptr, static_cast<int>(recipients().size()));
    if (list.duplicates > 0)
        summary += QLatin1Char(' ') + tr("(%n duplicate(s) removed)", nullptr, list.duplicates);
    if (const int unknown = static_cast<int>(m_picker->unknown().size()); unknown > 0)
        summary += QLatin1Char(' ') + tr("(%n not in the address book)", nullptr, unknown);
    m_recipientSummary->setText(summary);

    const qsizetype length = MessageDraft::codePoints(d.normalizedSubject());
    m_counter->setText(tr("%1/%2").arg(length).arg(MessageDraft::MaxSubjectLength));
    if (const bool tooLong = length > MessageDraft::MaxSubjectLength; tooLong != m_subjectTooLong) {
        m_subjectTooLong = tooLong;
        colourErrors();
    }

    Message preview = message();
    preview.createdDate = QDateTime::currentDateTimeUtc();
    m_preview->showUnsent(preview);
    m_wire->setPlainText(QString::fromUtf8(MessageCodec::encode(preview)));
    const bool ready = problems.isEmpty() && gaps.isEmpty();
    m_send->setEnabled(ready);
    // A greyed Send says why, beside it and in its tooltip, before anything was touched.
    const QString blockers = sendBlockers(problems, !gaps.isEmpty());
    m_sendHint->setText(blockers);
    m_sendHint->setVisible(!ready);
    m_send->setToolTip(blockers);
}

QString ComposeDialog::sendBlockers(const DraftProblems &problems, bool placeholderGaps) const
{
    QStringList needs;
    if (!problems.recipients.isEmpty())
        needs << (recipients().isEmpty() ? tr("a recipient") : tr("valid recipients"));
    if (!problems.subject.isEmpty())
        needs << (m_subject->text().trimmed().isEmpty() ? tr("a subject") : tr("a shorter subject"));
    if (!problems.body.isEmpty())
        needs << tr("a text");
    if (!problems.size.isEmpty())
        needs << tr("a shorter message");
    if (!problems.referenceUrl.isEmpty())
        needs << tr("a valid link (or none)");
    if (placeholderGaps)
        needs << tr("a value for every placeholder");
    if (needs.isEmpty())
        return {};
    return tr("Send needs %1.").arg(QLocale().createSeparatedList(needs));
}

void ComposeDialog::showProblem(Field field, const QString &problem)
{
    QLabel *label = m_errors[index(field)];
    const bool visible = m_touched[index(field)] && !problem.isEmpty();
    label->setText(visible ? problem : QString());
    label->setVisible(visible);
}

} // namespace ns
