//! Drafts: golden messages, personalisation, templates, mailto links and .eml files; who each
//! message goes to; the drafts of an application and of an offer.

use crate::common::*;
use serde_json::{Value, json};

const NOW: &str = "2026-11-19 16:00";

/// A panel interview at Acme with a highlight for Jane, a general one and a stumped question.
fn panel() -> TestEnv {
    let env = TestEnv::new();
    env.write_config("[user]\nname = \"Alex Martin\"\nemail = \"alex@example.test\"\n");
    env.ok(
        NOW,
        &[
            "add",
            "-c",
            "Acme",
            "-r",
            "Backend Engineer",
            "--at",
            "today 14:30",
            "--round",
            "onsite",
            "-i",
            "Jane Doe <jane@acme.test>, Head of Platform",
            "-i",
            "Bob Smith <bob@acme.test>",
            "--highlight",
            "Jane: the caching design",
            "--highlight",
            "the team's roadmap",
            "--stumped",
            "consistent hashing",
            "--timeline",
            "end of next week",
        ],
    );
    env
}

#[test]
fn thank_you_golden() {
    let env = panel();
    assert_eq!(
        env.ok(NOW, &["draft", "acme", "thank-you", "--to", "jane"]),
        "\
To: Jane Doe <jane@acme.test>
Subject: Thank you for the onsite: Backend Engineer

Dear Jane,

Thank you for your time on Thursday 19 November and for telling me more about the Backend Engineer role at Acme.
I particularly enjoyed talking about the caching design.
I have thought more about consistent hashing since we spoke, and would be glad to follow up on it.
The conversation made me even keener on the position, and I am confident I could contribute from the start.

With best regards,
Alex Martin
"
    );
    // Bob's note mentions what was not Jane's.
    let bob = env.ok(NOW, &["draft", "acme", "thank-you", "--to", "bob"]);
    assert!(bob.contains("Dear Bob,"), "{bob}");
    assert!(bob.contains("talking about the team's roadmap."), "{bob}");
    assert!(!bob.contains("caching"), "{bob}");
}

#[test]
fn a_thank_you_is_addressed_to_one_person() {
    let env = panel();
    let err = env.refused(env.at(NOW).args(["draft", "acme", "thank-you"]), 2);
    assert!(err.contains("--to") && err.contains("Jane Doe"), "{err}");
}

#[test]
fn follow_up_golden_names_their_date_and_shows_their_instructions() {
    // The thank-yous were never sent and expired a week after the onsite: the follow-up carries
    // the thanks.
    let env = panel();
    env.ok(
        NOW,
        &[
            "edit",
            "acme",
            "--instructions",
            "write to Jane, not to the whole panel",
        ],
    );
    let out = env
        .at("2026-12-03 09:00")
        .args(["draft", "acme", "follow-up"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "\
To: Jane Doe <jane@acme.test>
Subject: Following up on the Backend Engineer position

Dear Jane,

Thank you for the time you gave me at the onsite; I enjoyed our conversation.
I hope you are well. I am following up on my onsite for the Backend Engineer position on Thursday 19 November.
You mentioned a decision around Friday 27 November, so I wanted to ask whether there is any news.
I remain very interested in the role and in joining Acme.

Kind regards,
Alex Martin
"
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("write to Jane, not to the whole panel"),
        "{err}"
    );
}

#[test]
fn without_a_stated_date_the_follow_up_leaves_that_line_out() {
    let env = TestEnv::new();
    env.ok(
        NOW,
        &["add", "-c", "Beta", "-r", "SRE", "--at", "today 10:00"],
    );
    let out = env.ok(NOW, &["draft", "beta", "follow-up"]);
    assert!(
        out.starts_with("Subject: Following up on the SRE position\n"),
        "{out}"
    );
    assert!(out.contains("Dear Hiring Team,"), "{out}");
    assert!(!out.contains("You mentioned"), "{out}");
}

#[test]
fn identical_thank_yous_of_a_panel_get_a_warning() {
    let env = TestEnv::new();
    env.ok(
        NOW,
        &[
            "add",
            "-c",
            "Acme",
            "-r",
            "Dev",
            "-i",
            "Jane Doe",
            "-i",
            "Bob Smith",
            "--highlight",
            "the roadmap",
        ],
    );
    let out = env
        .at(NOW)
        .args(["draft", "acme", "thank-you", "--to", "jane"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("same as the one to Bob Smith") && err.contains("personalise"),
        "{err}"
    );
    // A highlight of her own makes Jane's note hers.
    env.ok(
        NOW,
        &["edit", "acme", "--highlight", "Jane: the billing rewrite"],
    );
    let out = env
        .at(NOW)
        .args(["draft", "acme", "thank-you", "--to", "jane"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.contains("personalise"), "{err}");
}

#[test]
fn withdraw_reply_graciously_stay_in_touch_and_respond() {
    let env = panel();
    let withdraw = env.ok(NOW, &["draft", "acme", "withdraw"]);
    assert!(
        withdraw.contains("Subject: Withdrawing from the Backend Engineer process"),
        "{withdraw}"
    );
    env.ok(
        "2026-11-23 10:00",
        &[
            "log-reply",
            "acme",
            "--kind",
            "request",
            "--note",
            "two references",
        ],
    );
    let respond = env.ok("2026-11-23 11:00", &["draft", "acme", "respond"]);
    assert!(
        respond.contains("Thank you for your message of Monday 23 November."),
        "{respond}"
    );
    assert!(
        respond.contains("You asked for two references: [your answer]."),
        "{respond}"
    );
    assert!(
        respond.contains("I will reply in full by Tuesday 24 November."),
        "{respond}"
    );
    env.ok(
        "2026-11-25 10:00",
        &["log-reply", "acme", "--kind", "rejection"],
    );
    let gracious = env.ok("2026-11-25 11:00", &["draft", "acme", "reply-graciously"]);
    assert!(
        gracious.contains("Thank you for letting me know"),
        "{gracious}"
    );
    let touch = env.ok("2027-02-25 11:00", &["draft", "acme", "stay-in-touch"]);
    assert!(
        touch.contains("We met in November about the Backend Engineer position."),
        "{touch}"
    );
}

#[test]
fn templates_in_the_config_folder_replace_the_built_in_ones() {
    let env = panel();
    env.write_template(
        "thank-you",
        "Subject: Thanks, {first_name}!\n\nHi {first_name}, {{not a placeholder}}.\nAbout {highlight}: thanks.\n-- {my_name}\n",
    );
    assert_eq!(
        env.ok(NOW, &["draft", "acme", "thank-you", "--to", "jane"]),
        "To: Jane Doe <jane@acme.test>\nSubject: Thanks, Jane!\n\nHi Jane, {not a placeholder}.\nAbout the caching design: thanks.\n-- Alex Martin\n"
    );
}

#[test]
fn an_unknown_placeholder_is_refused_by_name() {
    let env = panel();
    env.write_template("follow-up", "Subject: Hello\n\nDear {frist_name},\n");
    let err = env.refused(env.at(NOW).args(["draft", "acme", "follow-up"]), 2);
    assert!(
        err.contains("follow-up.txt") && err.contains("line 3") && err.contains("{frist_name}"),
        "{err}"
    );
    env.write_template("follow-up", "Dear {first_name},\n");
    let err = env.refused(env.at(NOW).args(["draft", "acme", "follow-up"]), 2);
    assert!(err.contains("Subject:"), "{err}");
}

#[test]
fn no_draft_for_actions_that_are_not_messages() {
    let env = panel();
    let err = env.refused(env.at(NOW).args(["draft", "acme", "prep"]), 2);
    assert!(
        err.contains("prep") && err.contains("thank-you, follow-up"),
        "{err}"
    );
}

#[test]
fn mailto_opens_the_mail_client_with_everything_encoded() {
    let env = panel();
    let url = env.ok(
        NOW,
        &["draft", "acme", "thank-you", "--to", "jane", "--mailto"],
    );
    let url = url.trim_end();
    assert!(url.starts_with("mailto:jane@acme.test?subject=Thank%20you%20for%20the%20onsite%3A%20Backend%20Engineer&body=Dear%20Jane%2C%0D%0A%0D%0AThank%20you"), "{url}");
    assert!(!url.contains(' ') && !url.contains('\n'), "{url}");
}

#[test]
fn eml_is_a_message_a_mail_parser_reads_back() {
    let env = panel();
    env.ok(NOW, &["edit", "acme", "--role", "Ingénieur backend"]);
    let path = env.root.path().join("thanks.eml");
    env.ok(
        NOW,
        &[
            "draft",
            "acme",
            "thank-you",
            "--to",
            "bob",
            "--eml",
            path.to_str().unwrap(),
        ],
    );
    let bytes = std::fs::read(&path).unwrap();
    assert!(
        bytes.is_ascii(),
        "headers and body are encoded for transport"
    );
    let message = mail_parser::MessageParser::default()
        .parse(&bytes)
        .expect("a message");
    assert_eq!(
        message.subject(),
        Some("Thank you for the onsite: Ingénieur backend")
    );
    let to = message.to().and_then(|a| a.first()).expect("a recipient");
    assert_eq!(to.address(), Some("bob@acme.test"));
    assert_eq!(to.name(), Some("Bob Smith"));
    let from = message.from().and_then(|a| a.first()).expect("a sender");
    assert_eq!(from.address(), Some("alex@example.test"));
    let body = message
        .body_text(0)
        .expect("a text body")
        .replace("\r\n", "\n");
    assert!(body.starts_with("Dear Bob,\n"), "{body:?}");
    assert!(body.contains("role at Acme."), "{body}");
    assert_eq!(message.header_raw("X-Unsent").map(str::trim), Some("1"));
}

#[test]
fn two_drafts_of_one_action_have_their_own_message_ids_in_the_users_domain() {
    let env = panel();
    // The same action at the same moment: only the random part tells them apart.
    let ids: Vec<String> = ["one.eml", "two.eml"]
        .iter()
        .map(|name| {
            let path = env.root.path().join(name);
            env.ok(
                NOW,
                &[
                    "draft",
                    "acme",
                    "thank-you",
                    "--to",
                    "jane",
                    "--eml",
                    path.to_str().unwrap(),
                ],
            );
            let bytes = std::fs::read(&path).unwrap();
            let message = mail_parser::MessageParser::default()
                .parse(&bytes)
                .expect("a message");
            message.message_id().expect("a Message-ID").to_string()
        })
        .collect();
    assert_ne!(ids[0], ids[1]);
    for id in &ids {
        let (left, domain) = id.rsplit_once('@').expect("left@right");
        assert_eq!(domain, "example.test", "{id}");
        assert!(left.len() > 20, "a time and a random part: {id}");
    }
}

#[test]
fn any_message_can_go_to_a_chosen_interviewer() {
    let env = panel();
    let out = env.ok(NOW, &["draft", "acme", "follow-up", "--to", "bob"]);
    assert!(out.starts_with("To: Bob Smith <bob@acme.test>\n"), "{out}");
    assert!(out.contains("Dear Bob,"), "{out}");
}

#[test]
fn an_offer_is_answered_as_an_offer() {
    let env = panel();
    env.ok(
        "2026-11-26 10:00",
        &[
            "log-reply",
            "acme",
            "--kind",
            "offer",
            "--timeline",
            "by Friday",
            "--note",
            "55k base",
        ],
    );
    let out = env.ok("2026-11-26 11:00", &["draft", "acme", "respond"]);
    assert!(
        out.contains("Subject: Re: your offer for the Backend Engineer position"),
        "{out}"
    );
    assert!(out.contains("Thank you very much for the offer"), "{out}");
    assert!(
        out.contains("I will give you my decision by Friday 27 November."),
        "{out}"
    );
    assert!(!out.contains("You asked for"), "{out}");
}

#[test]
fn an_eml_without_the_users_address_says_so() {
    let env = TestEnv::new();
    env.ok(
        NOW,
        &[
            "add",
            "-c",
            "Acme",
            "-r",
            "Dev",
            "-i",
            "Jane <jane@acme.test>",
        ],
    );
    let path = env.root.path().join("d.eml");
    let out = env
        .at(NOW)
        .args([
            "draft",
            "acme",
            "thank-you",
            "--eml",
            path.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("no From") && err.contains("email"), "{err}");
    assert!(path.is_file());
}

/// Records `processes` (store JSON, as `export --format json` writes it) with `import`: how the
/// tests record an application, a contact or a posting link.
pub(crate) fn seed(env: &TestEnv, now: &str, processes: Value) {
    let next_id = processes.as_array().map_or(1, |p| p.len() + 1);
    let path = env.root.path().join("seed.json");
    let file = json!({"version": 3, "next_id": next_id, "processes": processes});
    std::fs::write(&path, serde_json::to_vec_pretty(&file).unwrap()).unwrap();
    env.ok(now, &["import", "--format", "json", path.to_str().unwrap()]);
}

/// An application to Initech, sent on Monday 2 November, with the posting's link and the
/// recruiter who runs it.
pub(crate) fn application() -> Value {
    json!({
        "id": 1,
        "company": "Initech",
        "role": "Data Engineer",
        "created": "2026-11-02T10:00:00+01:00",
        "applied": "2026-11-02T10:00:00+01:00",
        "link": "https://jobs.initech.test/42",
        "contact": {"name": "Priya Patel", "email": "priya@initech.test", "title": "Recruiter"},
    })
}

/// Acme's onsite with Jane and Bob on Thursday 19 November, their instructions naming Jane, and
/// Sam the recruiter as the contact.
pub(crate) fn acme_with_contact() -> Value {
    json!({
        "id": 1,
        "company": "Acme",
        "role": "Backend Engineer",
        "created": "2026-11-19T16:00:00+01:00",
        "contact": {"name": "Sam Lee", "email": "sam@acme.test", "title": "Recruiter"},
        "rounds": [{
            "at": "2026-11-19T14:30:00+01:00",
            "label": "onsite",
            "interviewers": [
                {"name": "Jane Doe", "email": "jane@acme.test"},
                {"name": "Bob Smith", "email": "bob@acme.test"},
            ],
            "instructions": "write to Jane if you have questions",
        }],
    })
}

/// Reads an `.eml` draft: (To name, To address, subject, body with LF line ends).
fn read_eml(path: &std::path::Path) -> (Option<String>, Option<String>, String, String) {
    let bytes = std::fs::read(path).unwrap();
    let message = mail_parser::MessageParser::default()
        .parse(&bytes)
        .expect("a message");
    let to = message.to().and_then(|a| a.first());
    (
        to.and_then(|t| t.name()).map(str::to_string),
        to.and_then(|t| t.address()).map(str::to_string),
        message.subject().expect("a subject").to_string(),
        message
            .body_text(0)
            .expect("a text body")
            .replace("\r\n", "\n"),
    )
}

fn eml_of(
    env: &TestEnv,
    now: &str,
    args: &[&str],
) -> (Option<String>, Option<String>, String, String) {
    let path = env.root.path().join("draft.eml");
    let mut full = args.to_vec();
    full.extend(["--eml", path.to_str().unwrap()]);
    env.ok(now, &full);
    read_eml(&path)
}

#[test]
fn an_application_is_followed_up_with_its_date_and_posting() {
    let env = TestEnv::new();
    env.write_config("[user]\nname = \"Alex Martin\"\nemail = \"alex@example.test\"\n");
    seed(&env, "2026-11-10 09:00", json!([application()]));
    let (name, address, subject, body) =
        eml_of(&env, "2026-11-10 09:00", &["draft", "initech", "follow-up"]);
    assert_eq!(name.as_deref(), Some("Priya Patel"));
    assert_eq!(address.as_deref(), Some("priya@initech.test"));
    assert_eq!(subject, "Following up on my application: Data Engineer");
    assert_eq!(
        body,
        "\
Dear Priya,

I hope you are well. I am following up on my application for the Data Engineer position at Initech.
I applied on Monday 2 November and wanted to ask whether it is still under review.
For reference, the posting is at https://jobs.initech.test/42
I remain very interested in the role and would be glad to tell you more about how I could contribute.

Kind regards,
Alex Martin
"
    );
    // Withdrawing needs no interview either.
    let withdraw = env.ok("2026-11-10 09:00", &["draft", "initech", "withdraw"]);
    assert!(
        withdraw.starts_with("To: Priya Patel <priya@initech.test>\n"),
        "{withdraw}"
    );
    assert!(withdraw.contains("Dear Priya,"), "{withdraw}");
}

#[test]
fn an_application_without_link_or_contact_writes_to_the_hiring_team() {
    let env = TestEnv::new();
    let mut process = application();
    process.as_object_mut().unwrap().remove("link");
    process.as_object_mut().unwrap().remove("contact");
    seed(&env, "2026-11-10 09:00", json!([process]));
    let out = env
        .at("2026-11-10 09:00")
        .args(["draft", "initech", "follow-up", "--mailto"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let url = String::from_utf8(out.stdout).unwrap();
    assert!(
        url.starts_with("mailto:?subject=Following%20up%20on%20my%20application"),
        "{url}"
    );
    assert!(url.contains("Dear%20Hiring%20Team%2C"), "{url}");
    assert!(!url.contains("posting"), "{url}");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("no email address") && err.contains("--contact"),
        "{err}"
    );
}

#[test]
fn a_thank_you_needs_an_interview() {
    let env = TestEnv::new();
    seed(&env, "2026-11-10 09:00", json!([application()]));
    for kind in ["thank-you", "stay-in-touch"] {
        let err = env.refused(
            env.at("2026-11-10 09:00").args(["draft", "initech", kind]),
            2,
        );
        assert!(
            err.contains("Initech") && err.contains("no interview yet") && err.contains(kind),
            "{err}"
        );
        assert!(err.contains("follow-up, withdraw"), "{err}");
    }
}

#[test]
fn messages_to_the_company_go_to_the_contact_and_thank_yous_to_the_panel() {
    let env = TestEnv::new();
    seed(&env, NOW, json!([acme_with_contact()]));
    let follow_up = env.ok("2026-12-07 09:00", &["draft", "acme", "follow-up"]);
    assert!(
        follow_up.starts_with("To: Sam Lee <sam@acme.test>\n"),
        "{follow_up}"
    );
    assert!(follow_up.contains("Dear Sam,"), "{follow_up}");
    assert!(
        follow_up.contains("my onsite for the Backend Engineer position on Thursday 19 November."),
        "{follow_up}"
    );
    let thanks = env.ok(NOW, &["draft", "acme", "thank-you", "--to", "bob"]);
    assert!(
        thanks.starts_with("To: Bob Smith <bob@acme.test>\n"),
        "{thanks}"
    );
}

#[test]
fn without_a_contact_the_person_their_instructions_name_receives_it() {
    let env = panel();
    env.ok(
        NOW,
        &[
            "edit",
            "acme",
            "--instructions",
            "please write to Bob Smith",
        ],
    );
    let out = env.ok(NOW, &["draft", "acme", "withdraw"]);
    assert!(out.starts_with("To: Bob Smith <bob@acme.test>\n"), "{out}");
    // Someone nobody recorded: the hiring team, with no address.
    env.ok(
        NOW,
        &[
            "edit",
            "acme",
            "--instructions",
            "write to Sam, the recruiter",
        ],
    );
    let out = env.ok(NOW, &["draft", "acme", "withdraw"]);
    assert!(out.starts_with("Subject: Withdrawing"), "{out}");
    assert!(out.contains("Dear Hiring Team,"), "{out}");
}

#[test]
fn to_picks_the_recipient_of_any_message_among_the_contact_and_the_panel() {
    let env = TestEnv::new();
    seed(&env, NOW, json!([acme_with_contact()]));
    env.ok(
        "2026-11-26 10:00",
        &[
            "log-reply",
            "acme",
            "--kind",
            "offer",
            "--timeline",
            "2026-12-04",
        ],
    );
    let (name, address, _, body) = eml_of(
        &env,
        "2026-12-02 09:00",
        &["draft", "acme", "decide", "--to", "jane"],
    );
    assert_eq!(name.as_deref(), Some("Jane Doe"));
    assert_eq!(address.as_deref(), Some("jane@acme.test"));
    assert!(body.starts_with("Dear Jane,\n"), "{body}");
    let out = env.ok(
        "2026-12-02 09:00",
        &["draft", "acme", "respond", "--to", "SAM LEE"],
    );
    assert!(out.starts_with("To: Sam Lee <sam@acme.test>\n"), "{out}");
    let err = env.refused(
        env.at("2026-12-02 09:00")
            .args(["draft", "acme", "decide", "--to", "zoe"]),
        2,
    );
    assert!(
        err.contains("\"zoe\"")
            && err.contains("\"Sam Lee\"")
            && err.contains("\"Jane Doe\"")
            && err.contains("\"Bob Smith\""),
        "{err}"
    );
    env.ok(
        NOW,
        &[
            "edit",
            "acme",
            "--interviewer",
            "Jane Doe",
            "--interviewer",
            "Jan Novak",
        ],
    );
    let err = env.refused(
        env.at("2026-12-02 09:00")
            .args(["draft", "acme", "decline", "--to", "ja"]),
        2,
    );
    assert!(
        err.contains("several") && err.contains("\"Jane Doe\"") && err.contains("\"Jan Novak\""),
        "{err}"
    );
}

#[test]
fn decide_leaves_the_answer_to_you_and_names_the_deadline() {
    let env = TestEnv::new();
    env.write_config("[user]\nname = \"Alex Martin\"\nemail = \"alex@example.test\"\n");
    seed(&env, NOW, json!([acme_with_contact()]));
    env.ok(
        "2026-11-26 10:00",
        &[
            "log-reply",
            "acme",
            "--kind",
            "offer",
            "--timeline",
            "2026-12-04",
            "--note",
            "60k",
        ],
    );
    let (name, address, subject, body) =
        eml_of(&env, "2026-12-02 09:00", &["draft", "acme", "decide"]);
    assert_eq!(name.as_deref(), Some("Sam Lee"));
    assert_eq!(address.as_deref(), Some("sam@acme.test"));
    assert_eq!(subject, "Re: your offer for the Backend Engineer position");
    assert!(body.starts_with("Dear Sam,\n"), "{body}");
    assert!(
        body.contains("the offer for the Backend Engineer position at Acme"),
        "{body}"
    );
    assert!(
        body.contains("ahead of your deadline of Friday 4 December."),
        "{body}"
    );
    assert!(
        body.contains("[To accept:] I am delighted to accept")
            && body.contains("[To decline:] After careful thought"),
        "{body}"
    );
    // The acknowledgement promises the answer by the same deadline.
    let respond = env.ok("2026-11-26 11:00", &["draft", "acme", "respond"]);
    assert!(
        respond.contains("I will give you my decision by Friday 4 December."),
        "{respond}"
    );
}

#[test]
fn an_offer_without_a_deadline_leaves_the_deadline_out() {
    let env = TestEnv::new();
    seed(&env, NOW, json!([acme_with_contact()]));
    env.ok(
        "2026-11-26 10:00",
        &["log-reply", "acme", "--kind", "offer"],
    );
    let out = env.ok("2026-11-27 09:00", &["draft", "acme", "decide"]);
    assert!(!out.contains("deadline"), "{out}");
    assert!(out.contains("[To accept:]"), "{out}");
}

#[test]
fn decline_is_a_gracious_no_to_the_contact() {
    let env = TestEnv::new();
    env.write_config("[user]\nname = \"Alex Martin\"\n");
    seed(&env, NOW, json!([acme_with_contact()]));
    env.ok(
        "2026-11-26 10:00",
        &[
            "log-reply",
            "acme",
            "--kind",
            "offer",
            "--timeline",
            "2026-12-04",
        ],
    );
    env.ok(
        "2026-12-01 10:00",
        &["close", "acme", "--outcome", "declined"],
    );
    let (name, address, subject, body) =
        eml_of(&env, "2026-12-01 11:00", &["draft", "acme", "decline"]);
    assert_eq!(
        (name.as_deref(), address.as_deref()),
        (Some("Sam Lee"), Some("sam@acme.test"))
    );
    assert_eq!(subject, "Re: your offer for the Backend Engineer position");
    assert!(
        body.contains("offering me the Backend Engineer position at Acme"),
        "{body}"
    );
    assert!(
        body.contains("I have decided to decline the offer;"),
        "{body}"
    );
    assert!(body.contains("I have great respect for Acme"), "{body}");
    assert!(body.contains("stay in touch"), "{body}");
}

#[test]
fn expedite_names_the_deadline_of_the_offer_held_elsewhere_but_not_its_company() {
    let env = TestEnv::new();
    env.write_config("[user]\nname = \"Alex Martin\"\n");
    let globex = json!({
        "id": 2,
        "company": "Globex",
        "role": "SRE",
        "created": "2026-11-20T10:00:00+01:00",
        "rounds": [{
            "at": "2026-11-20T10:00:00+01:00",
            "label": "phone screen",
            "interviewers": [{"name": "Kim Tran", "email": "kim@globex.test"}],
        }],
    });
    // An older offer from a process since closed is not the one to mention.
    let umbrella = json!({
        "id": 3,
        "company": "Umbrella",
        "role": "Platform Engineer",
        "created": "2026-11-01T10:00:00+01:00",
        "rounds": [{"at": "2026-11-01T10:00:00+01:00"}],
        "replies": [{
            "at": "2026-11-28T10:00:00+01:00",
            "kind": "offer",
            "timeline": {"text": "2026-11-30", "date": "2026-11-30"},
        }],
        "closed": {"outcome": "declined", "at": "2026-11-29T10:00:00+01:00"},
    });
    seed(
        &env,
        "2026-11-30 09:00",
        json!([acme_with_contact(), globex, umbrella]),
    );
    env.ok(
        "2026-11-30 10:00",
        &[
            "log-reply",
            "acme",
            "--kind",
            "offer",
            "--timeline",
            "2026-12-04",
        ],
    );
    let out = env.ok("2026-11-30 11:00", &["draft", "globex", "expedite"]);
    assert!(
        out.starts_with("Subject: The SRE position: my timeline\n"),
        "{out}"
    );
    assert!(out.contains("Dear Hiring Team,"), "{out}");
    assert!(
        out.contains("I have been asked to give my answer by Friday 4 December."),
        "{out}"
    );
    assert!(
        out.contains("I remain very interested in the SRE position at Globex"),
        "{out}"
    );
    assert!(out.contains("timeline for the next steps"), "{out}");
    assert!(!out.contains("Acme") && !out.contains("Umbrella"), "{out}");
    // --to reaches the interviewer.
    let out = env.ok(
        "2026-11-30 11:00",
        &["draft", "globex", "expedite", "--to", "kim"],
    );
    assert!(out.starts_with("To: Kim Tran <kim@globex.test>\n"), "{out}");
}

/// Runs a draft that must succeed: its standard output and standard error.
fn draft_with_warnings(env: &TestEnv, now: &str, args: &[&str]) -> (String, String) {
    let out = env.at(now).args(args).output().expect("followup runs");
    let stderr = String::from_utf8(out.stderr).expect("UTF-8 stderr");
    assert!(out.status.success(), "{args:?} at {now}: {stderr}");
    (String::from_utf8(out.stdout).expect("UTF-8"), stderr)
}

/// An interview where nobody said when they would decide.
fn no_date() -> TestEnv {
    let env = TestEnv::new();
    env.write_config("[user]\nname = \"Alex Martin\"\n");
    env.ok(
        NOW,
        &[
            "add",
            "-c",
            "Acme",
            "-r",
            "Backend Engineer",
            "--at",
            "today 14:30",
            "-i",
            "Jane Doe <jane@acme.test>, Head of Platform",
            "--contact",
            "Sam Lee <sam@acme.test>, Recruiter",
        ],
    );
    env
}

#[test]
fn a_follow_up_without_their_date_asks_for_the_next_steps_and_the_last_says_it_is_the_last() {
    let env = no_date();
    let (first, warnings) =
        draft_with_warnings(&env, "2026-12-03 15:00", &["draft", "acme", "follow-up"]);
    assert_eq!(warnings, "", "the window is open: no warning");
    assert!(
        first.contains("what the next steps are")
            && first.contains("when you expect to make a decision"),
        "{first}"
    );
    assert!(!first.contains("You mentioned"), "{first}");
    assert!(!first.contains("last"), "{first}");

    env.ok("2026-12-04 09:30", &["done", "acme", "follow-up"]);
    let (second, warnings) =
        draft_with_warnings(&env, "2026-12-18 15:00", &["draft", "acme", "follow-up"]);
    assert_eq!(warnings, "", "{second}");
    assert!(
        second.starts_with("To: Sam Lee <sam@acme.test>\n"),
        "{second}"
    );
    assert!(
        second.contains("I wrote on Friday 4 December about the Backend Engineer position"),
        "the first one's day: {second}"
    );
    assert!(
        second.contains("one last time") && second.contains("my last note"),
        "{second}"
    );
    assert!(
        second.contains("interview on Thursday 19 November"),
        "{second}"
    );
    // Not the first one again.
    let body = |draft: &str| draft.split_once("\n\n").unwrap().1.to_string();
    assert_ne!(body(&first), body(&second));
}

#[test]
fn a_third_allowed_follow_up_is_the_last_and_the_second_is_not() {
    let env = no_date();
    env.write_config("[user]\nname = \"Alex Martin\"\n\n[policy]\nmax_follow_ups = 3\n");
    env.ok("2026-12-04 09:30", &["done", "acme", "follow-up"]);
    let second = env.ok("2026-12-18 15:00", &["draft", "acme", "follow-up"]);
    assert!(
        second.contains("after my message of Friday 4 December"),
        "{second}"
    );
    assert!(!second.contains("last"), "{second}");
    env.ok("2026-12-18 16:00", &["done", "acme", "follow-up"]);
    let third = env.ok("2027-01-02 15:00", &["draft", "acme", "follow-up"]);
    assert!(
        third.contains("I wrote on Friday 4 December") && third.contains("one last time"),
        "the first one's day, not the second's: {third}"
    );
}

#[test]
fn a_draft_before_its_window_warns_and_is_written() {
    let env = panel();
    let (draft, warnings) = draft_with_warnings(&env, NOW, &["draft", "acme", "follow-up"]);
    assert!(
        draft.contains("Subject: Following up on the Backend Engineer position"),
        "{draft}"
    );
    assert_eq!(warnings.lines().count(), 1, "{warnings}");
    assert!(
        warnings.contains("this follow-up was planned from")
            && warnings.contains("early can read as pestering")
            && warnings.contains("\"end of next week\", which is Fri 27 Nov")
            && warnings.contains("Here is the draft"),
        "as `done` warns, with their date: {warnings}"
    );
    // Once the window is open, no warning.
    let (_, warnings) =
        draft_with_warnings(&env, "2026-12-02 10:00", &["draft", "acme", "follow-up"]);
    assert_eq!(warnings, "");
}

#[test]
fn connect_says_what_to_do_and_drafts_a_short_invitation() {
    let env = panel();
    let out = env.ok(NOW, &["draft", "acme", "connect", "--to", "jane"]);
    let (instruction, note) = out
        .split_once("\n\n")
        .expect("an instruction, then the note");
    let note = note.trim_end();
    let length = note.chars().count();
    assert_eq!(
        instruction,
        format!(
            "Send Jane Doe a personal invitation to connect on LinkedIn, with this note ({length} of 300 characters):"
        )
    );
    assert!(length < 300, "{length}: {note}");
    assert!(
        note.starts_with("Hi Jane, thank you for the onsite on Thursday 19 November about the Backend Engineer role at Acme."),
        "it mentions the interview: {note}"
    );
    assert!(
        note.contains("the caching design") && note.ends_with("Alex Martin"),
        "{note}"
    );
    assert!(!out.contains("Subject:") && !out.contains("To:"), "{out}");

    // The network the user names; a long highlight is shortened to fit, by whole words.
    env.write_config("[user]\nname = \"Alex Martin\"\nnetwork = \"XING\"\n");
    env.ok(
        NOW,
        &[
            "edit",
            "acme",
            "--highlight",
            "Bob: how the platform team moved every service from the old deploy scripts to one pipeline in a quarter, what they would do differently, and why the on-call rotation is now shared with the product teams rather than kept by platform alone",
        ],
    );
    let (out, warnings) =
        draft_with_warnings(&env, NOW, &["draft", "acme", "connect", "--to", "bob"]);
    assert!(
        out.starts_with("Send Bob Smith a personal invitation to connect on XING"),
        "{out}"
    );
    let note = out.split_once("\n\n").unwrap().1.trim_end();
    let length = note.chars().count();
    assert!(
        length <= 300 && out.contains(&format!("({length} of 300 characters)")),
        "{length}: {out}"
    );
    assert!(
        note.contains("I enjoyed our talk about how the platform team moved every service")
            && note.contains("…")
            && note.ends_with("\nAlex Martin"),
        "{note}"
    );
    assert!(
        warnings.contains("shortened to fit the 300 characters an invitation takes")
            && !warnings.contains("shorten it"),
        "{warnings}"
    );

    // Not an email.
    let err = env.refused(
        env.at(NOW)
            .args(["draft", "acme", "connect", "--to", "jane", "--mailto"]),
        2,
    );
    assert!(
        err.contains("invitation on XING, not an email")
            && err.contains("`followup draft 1 connect --to 'Jane Doe'`"),
        "{err}"
    );
}

#[test]
fn the_no_address_hint_gives_the_whole_panel_of_its_round() {
    let env = TestEnv::new();
    env.write_config("[user]\nname = \"Alex Martin\"\n");
    env.ok(
        NOW,
        &[
            "add",
            "-c",
            "Acme",
            "-r",
            "Backend Engineer",
            "--at",
            "today 14:30",
            "-i",
            "Jane Doe, Head of Platform",
            "-i",
            "Bob Smith <bob@acme.test>",
        ],
    );
    let (_, warnings) = draft_with_warnings(
        &env,
        NOW,
        &["draft", "acme", "thank-you", "--to", "jane", "--mailto"],
    );
    assert!(
        warnings.contains("no email address is recorded for Jane Doe: add it with `followup edit 1 --round-number 1 --interviewer 'Jane Doe <email>, Head of Platform' --interviewer 'Bob Smith <bob@acme.test>'`"),
        "the process, the round, her title and Bob as he is: {warnings}"
    );
    let (_, warnings) = draft_with_warnings(&env, NOW, &["draft", "acme", "follow-up", "--mailto"]);
    assert!(
        warnings.contains("`followup edit 1 --contact \"Name <email>\"`"),
        "{warnings}"
    );
}

#[test]
fn the_thanks_for_an_offer_without_a_deadline_name_the_day_of_the_answer() {
    let env = TestEnv::new();
    env.ok(
        "2026-11-16 12:00",
        &["add", "-c", "Acme", "-r", "Dev", "--at", "2026-11-16 10:00"],
    );
    // Friday 20 November: five business days later is Friday 27 November.
    env.ok(
        "2026-11-20 16:00",
        &["log-reply", "acme", "--kind", "offer"],
    );
    let draft = env.ok("2026-11-20 16:05", &["draft", "acme", "respond"]);
    assert!(
        draft.contains("I will give you my decision by Friday 27 November."),
        "{draft}"
    );
}
