#pragma once

#include <QString>
#include <QStringList>

namespace ns {

/// What the search box can complete where the cursor is: an operator name being typed ("fr" ->
/// "from:", "is" -> "is:unread") or a sender after "from:" (the store knows them: KnownSenders).
/// Text only, no widget: the box asks at(), shows the candidates, and puts the chosen one in with apply().
class SearchCompletion
{
public:
    enum class Kind {
        None,     ///< Nothing to offer (inside a phrase, an operator's value other than from:, mid-word).
        Operator, ///< The word typed is the start of an operator: candidates from operators().
        Sender,   ///< After from: — the candidates are senders starting with senderPrefix().
    };

    /// What is being typed in `text` with the cursor at `cursor`.
    static SearchCompletion at(const QString &text, int cursor);

    /// Every operator as the box offers it: the names that take any value with their colon
    /// ("from:"), the ones with a few values spelled out ("is:unread", "in:archived", "has:link").
    static QStringList operators();
    /// The completions for what is typed (Operator: operators() starting with it, case ignored;
    /// Sender: the terms for `senders`, as senderTerm() writes them).
    QStringList candidates(const QStringList &senders = {}) const;
    /// "from:" and the sender, in quotes when it has a space or a quote ("from:\"Billing System\"").
    static QString senderTerm(const QString &sender);

    Kind kind() const { return m_kind; }
    /// Sender: what is typed after "from:" (an opening quote left out).
    QString senderPrefix() const { return m_senderPrefix; }
    /// `text` with the word being typed replaced by `completion` (and a space after a complete
    /// term, not after an operator that still needs its value); `*cursor` is put after it.
    QString apply(const QString &text, const QString &completion, int *cursor) const;

private:
    Kind m_kind = Kind::None;
    int m_start = 0;  ///< Where the word starts (after a '-').
    int m_cursor = 0;
    QString m_typed;  ///< From m_start to the cursor.
    QString m_senderPrefix;
};

} // namespace ns
