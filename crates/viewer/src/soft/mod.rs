//! The software window: winit events into egui (through egui-winit), each frame painted on the
//! CPU (`paint`) and shown through softbuffer. No OpenGL: the viewer starts without loading
//! Mesa and LLVM (~55 MB of a software-rendered GL window's memory here), and its 2D frames
//! fill faster than llvmpipe's (BENCHMARKS.md). The offline vector basemap still needs wgpu
//! and runs under eframe instead.

pub mod paint;
mod texture;

use egui::{Color32, Context, Ui, ViewportBuilder, ViewportCommand, ViewportId};
use paint::{Painter, Target};
use std::num::NonZeroU32;
use std::rc::Rc;
use std::time::{Duration, Instant};
use winit::application::ApplicationHandler;
use winit::event::WindowEvent;
use winit::event_loop::{ActiveEventLoop, ControlFlow, EventLoop};
use winit::window::{Window, WindowId};

/// The app's frame function.
pub type Show = Box<dyn FnMut(&mut Ui)>;
/// Builds the app once the window (and so the egui context) exists.
pub type Make = Box<dyn FnOnce(&Context) -> Show>;

/// Wakes the event loop: a repaint asked for from another thread (a file read, a tile come).
struct Wake(Duration);

struct Open {
    window: Rc<Window>,
    surface: softbuffer::Surface<Rc<Window>, Rc<Window>>,
    // Kept alive for the surface.
    _context: softbuffer::Context<Rc<Window>>,
    state: egui_winit::State,
    show: Show,
    first: bool,
}

struct Runner {
    ctx: Context,
    viewport: ViewportBuilder,
    make: Option<Make>,
    open: Option<Open>,
    painter: Painter,
    repaint_at: Option<Instant>,
    error: Option<String>,
}

/// Opens the window and runs it until it is closed. Must be called on the main thread.
pub fn run(viewport: ViewportBuilder, make: Make) -> Result<(), String> {
    let event_loop = EventLoop::<Wake>::with_user_event()
        .build()
        .map_err(|e| e.to_string())?;
    let ctx = Context::default();
    let wake = event_loop.create_proxy();
    ctx.set_request_repaint_callback(move |info| {
        let _ = wake.send_event(Wake(info.delay));
    });
    let mut runner = Runner {
        ctx,
        viewport,
        make: Some(make),
        open: None,
        painter: Painter::default(),
        repaint_at: None,
        error: None,
    };
    event_loop.run_app(&mut runner).map_err(|e| e.to_string())?;
    match runner.error {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

impl Runner {
    fn create(&mut self, event_loop: &ActiveEventLoop) -> Result<(), String> {
        let window = Rc::new(
            egui_winit::create_window(&self.ctx, event_loop, &self.viewport)
                .map_err(|e| e.to_string())?,
        );
        let context = softbuffer::Context::new(window.clone()).map_err(|e| e.to_string())?;
        let surface =
            softbuffer::Surface::new(&context, window.clone()).map_err(|e| e.to_string())?;
        let state = egui_winit::State::new(
            self.ctx.clone(),
            ViewportId::ROOT,
            &*window,
            Some(window.scale_factor() as f32),
            // The system's light/dark where winit knows it (egui then follows its changes).
            window.theme(),
            Some(16_384),
        );
        let make = self.make.take().ok_or("the window was created twice")?;
        let show = make(&self.ctx);
        window.request_redraw();
        self.open = Some(Open {
            window,
            surface,
            _context: context,
            state,
            show,
            first: true,
        });
        Ok(())
    }

    fn schedule(&mut self, delay: Duration) {
        if delay.is_zero() {
            if let Some(o) = &self.open {
                o.window.request_redraw();
            }
        } else if let Some(at) = Instant::now().checked_add(delay) {
            self.repaint_at = Some(self.repaint_at.map_or(at, |t| t.min(at)));
        }
    }

    /// One egui pass, painted and shown.
    fn frame(&mut self, event_loop: &ActiveEventLoop) -> Result<(), String> {
        let Some(o) = self.open.as_mut() else {
            return Ok(());
        };
        let mut raw = o.state.take_egui_input(&o.window);
        egui_winit::update_viewport_info(
            raw.viewports.entry(ViewportId::ROOT).or_default(),
            &self.ctx,
            &o.window,
            o.first,
        );
        o.first = false;
        let show = &mut o.show;
        let mut out = self.ctx.run_ui(raw, |ui| show(ui));
        o.state
            .handle_platform_output(&o.window, out.platform_output);
        self.painter.set_textures(&mut out.textures_delta);
        let primitives = self.ctx.tessellate(out.shapes, out.pixels_per_point);
        let size = o.window.inner_size();
        if let (Some(w), Some(h)) = (NonZeroU32::new(size.width), NonZeroU32::new(size.height)) {
            o.surface.resize(w, h).map_err(|e| e.to_string())?;
            let mut buffer = o.surface.buffer_mut().map_err(|e| e.to_string())?;
            let clear = self.ctx.global_style().visuals.panel_fill;
            self.painter.paint(
                &mut Target {
                    px: &mut buffer,
                    w: size.width as usize,
                    h: size.height as usize,
                },
                out.pixels_per_point,
                opaque(clear),
                &primitives,
            );
            buffer.present().map_err(|e| e.to_string())?;
        }
        self.painter.free_textures(out.textures_delta);
        if let Some(v) = out.viewport_output.get(&ViewportId::ROOT) {
            if v.commands.contains(&ViewportCommand::Close) {
                event_loop.exit();
            }
            let delay = v.repaint_delay;
            self.schedule(delay);
        }
        Ok(())
    }
}

fn opaque(c: Color32) -> Color32 {
    Color32::from_rgb(c.r(), c.g(), c.b())
}

impl ApplicationHandler<Wake> for Runner {
    fn resumed(&mut self, event_loop: &ActiveEventLoop) {
        if self.open.is_none()
            && let Err(e) = self.create(event_loop)
        {
            self.error = Some(e);
            event_loop.exit();
        }
    }

    fn window_event(&mut self, event_loop: &ActiveEventLoop, _: WindowId, event: WindowEvent) {
        match event {
            WindowEvent::CloseRequested | WindowEvent::Destroyed => event_loop.exit(),
            WindowEvent::RedrawRequested => {
                if let Err(e) = self.frame(event_loop) {
                    self.error = Some(e);
                    event_loop.exit();
                }
            }
            other => {
                if let Some(o) = self.open.as_mut() {
                    let r = o.state.on_window_event(&o.window, &other);
                    if r.repaint {
                        o.window.request_redraw();
                    }
                }
            }
        }
    }

    fn user_event(&mut self, _: &ActiveEventLoop, wake: Wake) {
        self.schedule(wake.0);
    }

    fn about_to_wait(&mut self, event_loop: &ActiveEventLoop) {
        match self.repaint_at {
            Some(at) if at <= Instant::now() => {
                self.repaint_at = None;
                if let Some(o) = &self.open {
                    o.window.request_redraw();
                }
                event_loop.set_control_flow(ControlFlow::Wait);
            }
            Some(at) => event_loop.set_control_flow(ControlFlow::WaitUntil(at)),
            None => event_loop.set_control_flow(ControlFlow::Wait),
        }
    }
}
