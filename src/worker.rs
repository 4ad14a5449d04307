//! The Cloudflare Worker shell: the only code that touches `worker::*`.
//! It copies the request into a [`Request`], calls [`handle`], and copies the
//! [`Reply`] back out.

use worker::{
    console_log, event, js_sys, Context, Env as WorkerEnv, Headers, Response, Result,
    ScheduleContext, ScheduledEvent,
};

use crate::routes::{handle, Env, Request};

fn now() -> f64 {
    js_sys::Date::now()
}

#[event(start)]
fn start() {
    std::panic::set_hook(Box::new(|info| {
        console_log!(
            "{}",
            serde_json::json!({"event": "panic", "message": info.to_string()})
        );
    }));
}

#[event(fetch)]
async fn fetch(req: worker::Request, _env: WorkerEnv, _ctx: Context) -> Result<Response> {
    let url = req.url()?;
    let method = req.method().to_string();
    let inm = req.headers().get("if-none-match")?;
    let reply = handle(
        &Request {
            method: &method,
            path: url.path(),
            query: url.query().unwrap_or(""),
            if_none_match: inm.as_deref(),
        },
        &Env { clock: &now },
    );
    let headers = Headers::new();
    for (name, value) in &reply.headers {
        headers.append(name, value)?;
    }
    let response = if reply.body.is_empty() {
        Response::empty()?
    } else {
        Response::from_bytes(reply.body)?
    };
    Ok(response.with_status(reply.status).with_headers(headers))
}

#[event(scheduled)]
async fn scheduled(event: ScheduledEvent, _env: WorkerEnv, _ctx: ScheduleContext) {
    let trigger = format!("cron:{}", event.cron());
    console_log!("{}", crate::warm::run(&trigger, &now));
}
