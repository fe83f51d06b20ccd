//! DOM helpers shared by the browser tests (tests/web.rs, tests/web_sharing.rs).
#![allow(dead_code)]

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};
use leptos::prelude::document;
use leptos::task::tick;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement};

/// Waits `ms` milliseconds (a real timer: every pending microtask and DOM update has run by then).
pub struct Sleep {
    ms: i32,
    state: Rc<RefCell<(bool, Option<Waker>)>>,
    started: bool,
}

impl Future for Sleep {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.state.borrow().0 {
            return Poll::Ready(());
        }
        self.state.borrow_mut().1 = Some(cx.waker().clone());
        if !self.started {
            self.started = true;
            let st = self.state.clone();
            let cb = Closure::once_into_js(move || {
                let w = {
                    let mut s = st.borrow_mut();
                    s.0 = true;
                    s.1.take()
                };
                if let Some(w) = w {
                    w.wake();
                }
            });
            web_sys::window()
                .unwrap()
                .set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), self.ms)
                .unwrap();
        }
        Poll::Pending
    }
}

pub fn sleep(ms: i32) -> Sleep {
    Sleep { ms, state: Rc::new(RefCell::new((false, None))), started: false }
}

/// Lets effects run and queued DOM property updates land.
pub async fn settle() {
    tick().await;
    sleep(30).await;
}

pub fn q(host: &HtmlElement, testid: &str) -> Option<web_sys::Element> {
    host.query_selector(&format!("[data-testid=\"{testid}\"]")).unwrap()
}

pub fn must(host: &HtmlElement, testid: &str) -> web_sys::Element {
    q(host, testid).unwrap_or_else(|| panic!("no element with data-testid={testid}"))
}

pub fn click(host: &HtmlElement, testid: &str) {
    must(host, testid).unchecked_into::<HtmlElement>().click();
}

/// Selects an indicator the way a user does: opens its domain in the catalogue tree (rows are built
/// when a domain is first opened) and clicks it.
pub async fn select_indicator(host: &HtmlElement, id: &str) {
    if q(host, &format!("indicator-{id}")).is_none() {
        let domain = id.split('-').next().unwrap_or(id);
        click(host, &format!("toggle-domain-{domain}"));
        for _ in 0..50 {
            settle().await;
            if q(host, &format!("indicator-{id}")).is_some() {
                break;
            }
        }
    }
    click(host, &format!("indicator-{id}"));
}

/// Types text into an input the way a user does (value + bubbling input event).
pub fn type_into(host: &HtmlElement, testid: &str, text: &str) {
    let input: HtmlInputElement = must(host, testid).unchecked_into();
    input.set_value(text);
    let ev = document().create_event("Event").unwrap();
    ev.init_event_with_bubbles_and_cancelable("input", true, false);
    input.dispatch_event(&ev).unwrap();
}

pub fn text(host: &HtmlElement, testid: &str) -> String {
    must(host, testid).text_content().unwrap_or_default()
}
